import Foundation
import PinganGeo

/// Reads the past events a forecast learns from: one of the call-file presets
/// (`ColumnMapping.Preset`, e.g. the Chicago and San Francisco crime files) or any plain CSV
/// whose header has `time` (ISO 8601 date or date-time), `lat`, `lon` (WGS-84) and, optionally,
/// `category`.
///
/// It walks rows with the same `CallFileRows` as the call readers, so a bad row is turned away
/// for the same reasons and counted alike: skipped, counted under its reason and noted with its
/// line number (the first few), or the reading stops at it in strict mode. The raw category text
/// is kept (not mapped onto Pingan's codes) for `--category BURGLARY`-style selections.
public struct EventFileReader: Sendable {
    /// Which columns hold the time, the place and the category.
    public enum Columns: Sendable, Equatable, CustomStringConvertible {
        case preset(ColumnMapping.Preset)
        /// `time`, `lat`, `lon`, optional `category`, no area check.
        case plain

        /// `plain` or a preset's name.
        public init?(name: String) {
            if name.lowercased() == "plain" { self = .plain; return }
            guard let p = ColumnMapping.Preset(rawValue: name.lowercased()) else { return nil }
            self = .preset(p)
        }

        /// Every accepted name, for help texts and errors.
        public static var names: [String] { ColumnMapping.Preset.allCases.map(\.rawValue) + ["plain"] }

        /// The preset a file name suggests, else `plain`.
        public static func guess(fileName: String) -> Columns {
            ColumnMapping.Preset.guess(fileName: fileName).map(Columns.preset) ?? .plain
        }

        public var mapping: ColumnMapping {
            switch self {
            case .preset(let p): p.mapping
            case .plain:
                ColumnMapping(name: "plain", timeColumn: "time", timeFormat: .iso8601, latColumn: "lat", lonColumn: "lon",
                              categoryColumn: "category", categoryRules: [])
            }
        }

        public var description: String {
            switch self {
            case .preset(let p): p.rawValue
            case .plain: "plain"
            }
        }
    }

    public struct Result: Sendable {
        /// In file order.
        public var events: [ForecastEvent]
        /// Raw category texts, indexed by `ForecastEvent.category`.
        public var categories: [String]
        public var header: [String]
        public var rowsRead = 0
        public var skipped: [CallFileReader.SkipReason: Int] = [:]
        /// `line N: reason: detail` for the first few bad rows.
        public var notices: [String] = []
        public var skippedTotal: Int { skipped.values.reduce(0, +) }

        /// The events whose category matches `pattern` (a regular expression, case-insensitive,
        /// found anywhere in the text).
        public func events(categoryMatching pattern: String) throws(ForecastError) -> [ForecastEvent] {
            let regex: NSRegularExpression
            do { regex = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) } catch {
                throw ForecastError(.badPattern, "--category '\(pattern)' is not a regular expression")
            }
            let keep = categories.map { c in
                regex.firstMatch(in: c, range: NSRange(c.startIndex..., in: c)) != nil
            }
            return events.filter { $0.category >= 0 && keep[Int($0.category)] }
        }
    }

    public let columns: Columns
    public let options: CallFileReader.Options

    public init(columns: Columns, options: CallFileReader.Options = .init()) {
        self.columns = columns
        self.options = options
    }

    public func read(path: String) throws(AnalyticsError) -> Result {
        let mapping = columns.mapping
        let rows = try CallFileRows(path: path, mapping: mapping)
        let categoryColumn: Int?
        switch columns {
        case .preset:
            try rows.require(mapping.requiredColumns)
            categoryColumn = rows.column(mapping.categoryColumn)
        case .plain:
            try rows.require([mapping.timeColumn, mapping.latColumn, mapping.lonColumn])
            categoryColumn = rows.column(mapping.categoryColumn)
        }
        var result = Result(events: [], categories: [], header: rows.header)
        var index: [String: Int32] = [:]
        let hasTimeOfDay = mapping.timeFormat.hasTimeOfDay
        let timeColumn = rows.column(mapping.timeColumn)!
        let tally = try rows.forEach(options: options, readingColumns: categoryColumn.map { [$0] } ?? []) { row in
            var category: Int32 = -1
            if let ci = categoryColumn {
                guard let raw = row.csv.string(ci) else {
                    return CallFileRows.Skip(.invalidUTF8, "column '\(mapping.categoryColumn)' is not valid UTF-8")
                }
                let text = raw.trimmingSpaces
                if text.isEmpty {
                    category = -1
                } else if let k = index[text] {
                    category = k
                } else {
                    category = Int32(result.categories.count)
                    index[text] = category
                    result.categories.append(text)
                }
            }
            // A plain file may mix dates and date-times; a date alone is ten characters or fewer.
            let timed = columns == .plain ? row.csv.field(timeColumn).reduce(0) { $1 == 0x20 ? $0 : $0 + 1 } > 10 : hasTimeOfDay
            result.events.append(ForecastEvent(time: row.time, timeOfDayKnown: timed, coordinate: row.coordinate, category: category))
            return nil
        }
        result.rowsRead = tally.rowsRead
        result.skipped = tally.skipped
        result.notices = tally.notices
        return result
    }
}
