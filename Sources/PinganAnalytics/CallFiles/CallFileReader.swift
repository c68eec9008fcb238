import PinganCore
import PinganGeo

/// Reads a call file (CSV, optionally gzipped) through a `ColumnMapping` into `CallRecord`s.
///
/// Real exports are dirty: geocodes in the ocean, blank times, a stray Latin-1 byte. Each bad
/// row is counted under its reason and skipped, with the first few reasons kept with their line
/// numbers, so one broken row never costs the other 99 999; `strict` stops at the first one
/// instead. Structural problems (no file, empty file, a column the mapping needs is missing)
/// are errors with a message that names the columns and the file.
public struct CallFileReader: Sendable {
    public struct Options: Sendable {
        /// Stop at the first bad row instead of skipping it.
        public var strict = false
        /// Read at most this many data rows (tests, previews).
        public var limit: Int? = nil
        /// How many row notices to keep with their line numbers.
        public var maxNotices = 20
        public init(strict: Bool = false, limit: Int? = nil, maxNotices: Int = 20) {
            self.strict = strict
            self.limit = limit
            self.maxNotices = maxNotices
        }
    }

    /// Why a row was skipped.
    public enum SkipReason: String, Sendable, CaseIterable, Codable {
        case shortRow = "short_row", badTime = "bad_time", badCoordinate = "bad_coordinate",
             outsideArea = "outside_area", invalidUTF8 = "invalid_utf8", badPriority = "bad_priority"
    }

    public struct Result: Sendable {
        public var calls: [CallRecord]
        public var header: [String]
        public var rowsRead = 0
        public var skipped: [SkipReason: Int] = [:]
        /// `line N: reason` for the first `maxNotices` bad rows.
        public var notices: [String] = []
        /// Raw category texts that fell through to the default category, with counts.
        public var unmatchedCategories: [String: Int] = [:]
        public var skippedTotal: Int { skipped.values.reduce(0, +) }
    }

    public let mapping: ColumnMapping
    public let options: Options

    public init(mapping: ColumnMapping, options: Options = Options()) {
        self.mapping = mapping
        self.options = options
    }

    public func read(path: String) throws(AnalyticsError) -> Result {
        if let bad = mapping.unknownCategoryCodes.first {
            throw AnalyticsError(.badPlan, "mapping '\(mapping.name)' uses unknown category code '\(bad)'; known: \(CallCategories.codes.joined(separator: ", "))")
        }
        let rows = try CallFileRows(path: path, mapping: mapping)
        try rows.require(mapping.requiredColumns)
        let ci = rows.column(mapping.categoryColumn)!
        let pi = mapping.priorityColumn.flatMap(rows.column)

        var result = Result(calls: [], header: rows.header)
        var classified: [String: (Int8, Priority, Bool)] = [:]
        let otherIndex = CallCategories.index(of: mapping.defaultCategory) ?? CallCategories.index(of: "other")!
        let tally = try rows.forEach(options: options, readingColumns: [ci] + (pi.map { [$0] } ?? [])) { row in
            let csv = row.csv
            guard let raw = csv.string(ci) else {
                return CallFileRows.Skip(.invalidUTF8, "column '\(mapping.categoryColumn)' is not valid UTF-8")
            }
            let cls: (Int8, Priority, Bool)
            if let hit = classified[raw] {
                cls = hit
            } else {
                let upper = raw.uppercased()
                let matched = mapping.categoryRules.contains { $0.matches(upper) }
                let k = mapping.classify(raw)
                cls = (matched ? k.category : otherIndex, k.priority, matched)
                classified[raw] = cls
            }
            if !cls.2 { result.unmatchedCategories[raw, default: 0] += 1 }
            var priority = cls.1
            if let pi {
                let f = csv.field(pi)
                if !f.isEmpty {
                    guard let v = DecimalParsing.double(f), let p = Priority(rawValue: Int(v)), Double(p.rawValue) == v else {
                        return CallFileRows.Skip(.badPriority, "'\(String(decoding: f.prefix(10), as: UTF8.self))' is not a priority 1-4")
                    }
                    priority = p
                }
            }
            result.calls.append(CallRecord(time: row.time, timeOfDayKnown: mapping.timeFormat.hasTimeOfDay, coordinate: row.coordinate,
                                           categoryIndex: cls.0, priority: priority))
            return nil
        }
        result.rowsRead = tally.rowsRead
        result.skipped = tally.skipped
        result.notices = tally.notices
        return result
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
