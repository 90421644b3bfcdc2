package dev.coral.agent.plugin.cpuprofiler.capture;

/** Run in a child without capabilities by {@link PerfRefusalTest}: tries to open the sampler. */
public final class RefusalProbe {
  private RefusalProbe() {}

  public static void main(String[] args) {
    try (RingBufferSampler sampler = new RingBufferSampler(new Syscalls(), 19)) {
      System.out.println("OPENED");
    } catch (SyscallException e) {
      System.out.println("REFUSED errno=" + e.errno() + " notPermitted=" + e.notPermitted());
      System.out.println("MESSAGE " + e.getMessage());
    }
  }
}
