import Foundation
import Synchronization

/// `PORTAL_TIMINGS=1 portal build …` prints the wall time of loading and of each build step on
/// standard error, with the process's peak memory so far: where a big site's build goes, for
/// whoever tunes it (bench/run reads the search step's line). One a build (`BuildOptions.timings`).
public final class StepTimes: Sendable {
    /// CPU seconds of the process at the previous report: the steps run one after the other,
    /// so the difference is the step's, on all its threads.
    private let lastCPU = Mutex<Double>(0)

    public init() {}

    func report(_ what: String, since start: Date) {
        let cpu = Self.cpuSeconds()
        let used = lastCPU.withLock { last in
            defer { last = cpu }
            return cpu - last
        }
        let peak = Self.peakMemoryMB().map { String(format: ", peak %d MB", $0) } ?? ""
        FileHandle.standardError.write(Data(String(format: "%@ %.2f s (cpu %.2f s%@)\n", what, Date().timeIntervalSince(start), used, peak).utf8))
    }

    /// User and system CPU time of the whole process so far: on a busy machine a step's wall time
    /// says little, its CPU time stays put.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// The peak resident set size so far (`VmHWM` of /proc/self/status), in MB; nil where there
    /// is no /proc. The peak, not the current size: a step's transient memory is what sets it.
    static func peakMemoryMB() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kilobytes / 1024
    }
}
