import ArgumentParser
import Foundation
import PinganAnalytics

/// `pingan forecast …`: hotspot forecasts and near-repeat analysis on event files, offline.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Hotspot forecasts with honest backtests, and the Knox near-repeat test, on event files.",
        subcommands: [ForecastBacktestCommand.self, ForecastKnoxCommand.self])

    /// `error: MESSAGE` on stderr and exit status 1.
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        return ExitCode(1)
    }

    static func warn(_ message: String) {
        FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
    }
}

/// The event file options every `forecast` command shares, and the reading that reports bad
/// rows by line on stderr.
struct ForecastEventOptions: ParsableArguments {
    @Option(help: "Event file (CSV, optionally .gz): a preset's file, or plain CSV with time (ISO 8601), lat, lon and optional category.")
    var events: String

    @Option(help: "Columns: \(EventFileReader.Columns.names.joined(separator: "|")). Default: guessed from the file name, else plain.")
    var columns: String?

    @Flag(help: "Stop at the first bad row instead of skipping it.")
    var strict = false

    func validate() throws {
        if let c = columns, EventFileReader.Columns(name: c) == nil {
            throw ValidationError("unknown --columns '\(c)'; choose one of \(EventFileReader.Columns.names.joined(separator: ", "))")
        }
    }

    var resolvedColumns: EventFileReader.Columns {
        columns.flatMap(EventFileReader.Columns.init(name:)) ?? .guess(fileName: (events as NSString).lastPathComponent)
    }

    /// Reads the file; bad rows go to stderr as a count by reason and the first few by line.
    func read() throws -> EventFileReader.Result {
        let result: EventFileReader.Result
        do { result = try EventFileReader(columns: resolvedColumns, options: .init(strict: strict, maxNotices: 5)).read(path: events) } catch {
            throw ForecastCommand.fail("\(error)")
        }
        if result.skippedTotal > 0 {
            let reasons = result.skipped.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
            ForecastCommand.warn("\(result.skippedTotal) of \(result.rowsRead) rows of \(events) skipped (\(reasons)); first: "
                                 + result.notices.joined(separator: "; "))
        }
        if result.events.isEmpty { throw ForecastCommand.fail("no usable events in \(events) (\(result.rowsRead) rows read)") }
        return result
    }

    /// The events whose category matches `pattern`, or all of them.
    func select(_ file: EventFileReader.Result, category pattern: String?) throws -> [ForecastEvent] {
        guard let pattern else { return file.events }
        guard !file.categories.isEmpty else { throw ForecastCommand.fail("--category: \(events) has no category column") }
        let chosen: [ForecastEvent]
        do { chosen = try file.events(categoryMatching: pattern) } catch { throw ForecastCommand.fail("\(error)") }
        if chosen.isEmpty {
            let known = file.categories.sorted().prefix(40).joined(separator: ", ")
            throw ForecastCommand.fail("no event's category matches /\(pattern)/; the file's categories include: \(known)")
        }
        return chosen
    }
}

/// Number lists such as `0,100,200,400,800`.
func parseNumberList(_ text: String, option: String) throws -> [Double] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    let values = parts.compactMap(Double.init)
    guard values.count == parts.count, !values.isEmpty, values.allSatisfy(\.isFinite) else {
        throw ValidationError("\(option) must be numbers separated by commas, e.g. 0,100,200")
    }
    return values
}
