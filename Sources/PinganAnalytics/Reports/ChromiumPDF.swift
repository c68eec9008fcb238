import Foundation

/// Prints a report's HTML page to PDF with headless Chromium, when it is installed: the page is
/// already self-contained (inline CSS and SVG), so the browser needs no network and prints it as
/// the screen shows it. Chromium is looked for where the browser tests look for it: the
/// `PINGAN_CHROMIUM` environment variable, else `chromium`, `chromium-browser`,
/// `google-chrome` or `google-chrome-stable` on the `PATH`.
///
/// Every print is bounded in time: past `timeout` the browser is stopped (SIGTERM, then SIGKILL)
/// and the print fails with `.timedOut`, so a hung browser never holds a request or the daily job.
/// Each print gets a profile folder of its own, removed afterwards, so prints can run at once.
public struct ChromiumPDF: Sendable {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public enum Kind: String, Sendable { case notInstalled, failed, timedOut }
        public var kind: Kind
        public var message: String
        public var description: String { message }
    }

    public let binary: String
    public var timeout: Duration

    public init(binary: String, timeout: Duration = .seconds(60)) {
        self.binary = binary
        self.timeout = timeout
    }

    /// The names tried on the `PATH`, in order.
    public static let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]

    /// The installed Chromium, or nil (with `PINGAN_CHROMIUM` set, only that file is tried).
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> ChromiumPDF? {
        let files = FileManager.default
        if let given = environment["PINGAN_CHROMIUM"], !given.isEmpty {
            return files.isExecutableFile(atPath: given) ? ChromiumPDF(binary: given) : nil
        }
        let folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for name in names {
            for folder in folders where !folder.isEmpty {
                let path = (folder as NSString).appendingPathComponent(name)
                if files.isExecutableFile(atPath: path) { return ChromiumPDF(binary: path) }
            }
        }
        return nil
    }

    /// What to tell someone who asked for a PDF where no Chromium is installed.
    public static let notInstalledMessage =
        "no PDF: headless Chromium is not installed (install the chromium package, or set PINGAN_CHROMIUM to its path); the HTML report is complete without it"

    /// The PDF of `html`.
    /// - Throws: `Failure` when the browser fails, prints nothing, or runs past `timeout`.
    public func print(html: String) async throws -> Data {
        let files = FileManager.default
        let folder = files.temporaryDirectory.appendingPathComponent("pingan-pdf-\(UUID().uuidString.prefix(12))")
        try files.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? files.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html"), pdf = folder.appendingPathComponent("report.pdf")
        try Data(html.utf8).write(to: page)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-pdf-header-footer",
                             "--user-data-dir=\(folder.appendingPathComponent("profile").path)", "--print-to-pdf=\(pdf.path)", page.absoluteString]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let exited = ExitSignal()
        process.terminationHandler = { _ in exited.fire() }
        do {
            try process.run()
        } catch {
            throw Failure(kind: .failed, message: "could not start \(binary): \(error)")
        }
        if !(await exited.wait(upTo: timeout)) {
            process.terminate()
            if !(await exited.wait(upTo: .seconds(3))) {
                kill(process.processIdentifier, SIGKILL)
                _ = await exited.wait(upTo: .seconds(3))
            }
            throw Failure(kind: .timedOut, message: "Chromium did not print the report within \(timeout)")
        }
        guard let data = try? Data(contentsOf: pdf), data.count > 4, data.prefix(4) == Data("%PDF".utf8) else {
            throw Failure(kind: .failed, message: "Chromium (\(binary)) exited with status \(process.terminationStatus) without printing a PDF")
        }
        return data
    }
}

/// A one-shot signal a process's termination handler fires and an async caller waits on, with a
/// time limit.
final class ExitSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var fired = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func fire() { release(marking: true) }

    /// Resumes whoever waits; `marking` records that the process really ended.
    private func release(marking: Bool) {
        let resume: [CheckedContinuation<Void, Never>] = lock.withLock {
            if marking { fired = true }
            defer { waiters = [] }
            return waiters
        }
        for w in resume { w.resume() }
    }

    /// True when it fired within `limit`.
    func wait(upTo limit: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                    let now: Bool = self.lock.withLock {
                        if self.fired { return true }
                        self.waiters.append(c)
                        return false
                    }
                    if now { c.resume() }
                }
                return self.lock.withLock { self.fired }
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let first = await group.next() ?? false
            if !first {
                // Release the waiting child so the group can end; the process may still end later.
                self.release(marking: false)
                group.cancelAll()
                _ = await group.next()
                return false
            }
            group.cancelAll()
            return true
        }
    }
}
