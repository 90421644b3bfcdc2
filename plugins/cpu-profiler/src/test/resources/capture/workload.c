/* Test workload for the CPU sampler. "spin": hot_a ~2/3, hot_b ~1/3 of the time.
   "syscalls": getppid + write to /dev/null in a loop (kernel stacks). Runs argv[2] seconds. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

volatile unsigned long sink;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

__attribute__((noinline)) void burn(double seconds) {
  double end = now() + seconds;
  while (now() < end) {
    for (int i = 0; i < 20000; i++) sink += i;
  }
}

__attribute__((noinline)) void hot_a(void) { burn(0.020); }
__attribute__((noinline)) void hot_b(void) { burn(0.010); }

__attribute__((noinline)) void syscall_loop(double seconds) {
  int fd = open("/dev/null", O_WRONLY);
  char buf[256];
  memset(buf, 'x', sizeof buf);
  double end = now() + seconds;
  while (now() < end) {
    for (int i = 0; i < 1000; i++) {
      syscall(SYS_getppid);
      if (write(fd, buf, sizeof buf) < 0) return;
    }
  }
}

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  double seconds = atof(argv[2]);
  if (strcmp(argv[1], "syscalls") == 0) {
    syscall_loop(seconds);
    return 0;
  }
  double end = now() + seconds;
  while (now() < end) {
    hot_a();
    hot_b();
  }
  return 0;
}
