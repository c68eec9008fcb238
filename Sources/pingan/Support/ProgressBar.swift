import Foundation

/// The command line's one progress bar: one line on stderr, redrawn only when the whole percent
/// or the stage changes, and only when stderr is a terminal (a log file gets no carriage returns).
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let tty = isatty(2) != 0
    private var last = -1
    private var lastStage = ""

    /// Shows `fraction` (0...1), after `stage` when there is one.
    func show(_ fraction: Double, stage: String = "") {
        guard tty else { return }
        let pct = Int(min(1, max(0, fraction)) * 100)
        lock.lock(); defer { lock.unlock() }
        guard pct != last || stage != lastStage else { return }
        last = pct
        lastStage = stage
        let width = 40, filled = pct * width / 100
        let label = stage.isEmpty ? "" : stage.padding(toLength: 12, withPad: " ", startingAt: 0) + " "
        FileHandle.standardError.write(Data("\r\(label)[\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(pct)%".utf8))
    }

    /// Clears the line.
    func finish() {
        if tty { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
