# listen.pl PORT|file:PATH CMD...: socket activation as a service manager
# does it (sd_listen_fds(3)): a listening TCP socket on 127.0.0.1:PORT (or
# the file PATH, to pass something that is not a socket) as descriptor 3,
# LISTEN_FDS=1, LISTEN_PID our pid, then exec CMD (same pid).
BEGIN { $^F = 10 }	# descriptors up to 10 survive exec
use strict;
use warnings;
use Socket;
use POSIX ();
my ($what, @cmd) = @ARGV;
my $fh;
if ($what =~ /^file:(.*)/) {
	open($fh, '<', $1) or die "open $1: $!";
} else {
	socket($fh, PF_INET, SOCK_STREAM, 0) or die "socket: $!";
	setsockopt($fh, SOL_SOCKET, SO_REUSEADDR, 1) or die "setsockopt: $!";
	bind($fh, sockaddr_in($what, INADDR_LOOPBACK)) or die "bind: $!";
	listen($fh, 5) or die "listen: $!";
}
if (fileno($fh) != 3) {
	POSIX::dup2(fileno($fh), 3) or die "dup2: $!";
}
$ENV{LISTEN_FDS} = 1;
$ENV{LISTEN_PID} = $$;
exec { $cmd[0] } @cmd or die "exec: $!";
