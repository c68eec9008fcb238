import Foundation

/// Checks a report page with Python's html5lib in strict mode (it raises at the first parse
/// error: a stray end tag, a bad character reference, a missing doctype, an unescaped `<`),
/// the check CI runs; the outside tools a test needs, found or explained.
public enum ReportPageCheck {
    /// The Python 3 with html5lib, or nil (said once on stderr) when none has it.
    public static let python: String? = {
        for candidate in ["/usr/bin/python3", "python3"] {
            if run(candidate, ["-c", "import html5lib"]).status == 0 { return candidate }
        }
        FileHandle.standardError.write(Data("skipping the html5lib check: no python3 with html5lib (pip install html5lib; CI installs python3-html5lib)\n".utf8))
        return nil
    }()

    /// `pdftoppm` and Chromium, or nil (said on stderr) when either is missing.
    public static let pdfTools: (pdftoppm: String, chromium: String)? = {
        let pdftoppm = ["/usr/bin/pdftoppm", "/usr/local/bin/pdftoppm"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let chromium = ProcessInfo.processInfo.environment["PINGAN_CHROMIUM"] ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let pdftoppm, let chromium else {
            FileHandle.standardError.write(Data("skipping the PDF check: \(pdftoppm == nil ? "pdftoppm (poppler-utils)" : "chromium") is not installed\n".utf8))
            return nil
        }
        return (pdftoppm, chromium)
    }()

    /// Nil when html5lib's strict parser takes `html`, else its complaint.
    public static func strictParseError(_ html: String) -> String? {
        guard let python else { return nil }
        let script = "import sys, html5lib\nhtml5lib.HTMLParser(strict=True).parse(sys.stdin.buffer.read().decode('utf-8'))\n"
        let result = run(python, ["-c", script], input: Data(html.utf8))
        return result.status == 0 ? nil : result.stderr.split(separator: "\n").suffix(3).joined(separator: "\n")
    }

    public static func run(_ executable: String, _ arguments: [String], input: Data? = nil) -> (status: Int32, stderr: String) {
        let process = Process()
        if executable.hasPrefix("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        let stdin = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr
        do { try process.run() } catch { return (-1, "\(error)") }
        if let input { stdin.fileHandleForWriting.write(input) }
        try? stdin.fileHandleForWriting.close()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: err, as: UTF8.self))
    }
}
