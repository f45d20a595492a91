import Foundation
import PortalCore
import Synchronization

/// One updating line on standard error while a build runs, for people at a terminal:
/// `生成信息页面 Item pages  4,210/10,000`. Drawn from a thread of its own that reads the
/// build's counters (`BuildProgress`) ten times a second, only once the build has run for a
/// second (a small site's build is over before anyone could read it), and cleared at the end,
/// so that the terminal shows the same lines as before. Never drawn when standard error is not a
/// terminal (a log stays clean), under CI, with `TERM=dumb` or with `--quiet`.
///
/// Ctrl-C (or SIGTERM, SIGHUP) while the line is shown clears it before the process ends the way
/// it always did: the published output is untouched either way (see `AtomicOutput`).
final class ProgressLine: @unchecked Sendable {
    /// Seconds before the line first appears: 1, or what `PORTAL_PROGRESS_DELAY` says (0 shows it
    /// at once: the terminal tests, whose builds are over within a second on a fast machine).
    static func delay(_ environment: [String: String]) -> Double {
        environment["PORTAL_PROGRESS_DELAY"].flatMap(Double.init).map { max(0, $0) } ?? 1.0
    }
    static let interval = 0.1

    private let progress: BuildProgress
    private let stopped = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)
    /// Signalled by `stop`, so that the drawing thread ends at once rather than after its pause:
    /// a build of a fraction of a second is not made longer by the line it never showed.
    private let wakeUp = DispatchSemaphore(value: 0)
    private var previousHandlers: [Int32: sig_t?] = [:]

    /// A line for `progress`, already running; nil when no line should be drawn (see above).
    static func start(_ progress: BuildProgress, quiet: Bool,
                      environment: [String: String] = ProcessInfo.processInfo.environment) -> ProgressLine? {
        guard !quiet, isatty(STDERR_FILENO) != 0, environment["CI"] == nil, environment["TERM"] != "dumb" else { return nil }
        let line = ProgressLine(progress, delay: delay(environment))
        line.run()
        return line
    }

    private let delay: Double

    private init(_ progress: BuildProgress, delay: Double) {
        self.progress = progress
        self.delay = delay
    }

    private func run() {
        for number in [SIGINT, SIGTERM, SIGHUP] { previousHandlers[number] = signal(number, clearLineAndDie) }
        let thread = Thread { [self] in
            let started = Date()
            var drawn = ""
            while true {
                _ = wakeUp.wait(timeout: .now() + Self.interval)
                if stopped.load(ordering: .relaxed) { break }
                guard Date().timeIntervalSince(started) >= delay, let now = progress.snapshot() else { continue }
                let text = Self.text(now, columns: Self.terminalColumns())
                if text != drawn {
                    ProgressLineState.shown.store(true, ordering: .relaxed)
                    Self.writeToTerminal("\r" + text + "\u{1B}[K")
                    drawn = text
                }
            }
            finished.signal()
        }
        thread.start()
    }

    /// Stops drawing and clears the line; the terminal is as if it had never been drawn.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        wakeUp.signal()
        finished.wait()
        if ProgressLineState.shown.exchange(false, ordering: .relaxed) { Self.writeToTerminal("\r\u{1B}[K") }
        for (number, handler) in previousHandlers { signal(number, handler ?? SIG_DFL) }
    }

    /// `生成信息页面 Item pages  4,210/10,000`; the English name is left out when the terminal is
    /// too narrow for the whole (a line that wraps cannot be redrawn in place).
    static func text(_ snapshot: BuildProgress.Snapshot, columns: Int) -> String {
        let count = snapshot.total > 0 ? "  \(grouped(snapshot.done))/\(grouped(snapshot.total))" : ""
        let full = "\(snapshot.zh) \(snapshot.en)\(count)"
        if displayWidth(full) < columns { return full }
        return "\(snapshot.zh)\(count)"
    }

    /// `4210` → `4,210`.
    static func grouped(_ number: Int) -> String {
        var digits = Array(String(number))
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: index)
            index -= 3
        }
        return String(digits)
    }

    /// Columns `text` takes on a terminal: two for each CJK character, one for the rest.
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x1100 ? 2 : 1) }
    }

    private static func terminalColumns() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    private static func writeToTerminal(_ text: String) {
        var text = text
        text.withUTF8 { bytes in _ = write(STDERR_FILENO, bytes.baseAddress, bytes.count) }
    }
}

/// Whether the line is on the terminal now: read by the signal handler, which may use nothing
/// but atomics and `write`.
private enum ProgressLineState {
    static let shown = Atomic<Bool>(false)
}

/// Clears the line, then ends the process as the signal would have without the line (the same
/// exit status for the shell: killed by SIGINT, …).
private func clearLineAndDie(_ number: Int32) {
    if ProgressLineState.shown.load(ordering: .relaxed) {
        // A static string: no memory is allocated in a signal handler.
        let clear: StaticString = "\r\u{1B}[K"
        _ = write(STDERR_FILENO, clear.utf8Start, clear.utf8CodeUnitCount)
    }
    signal(number, SIG_DFL)
    raise(number)
}
