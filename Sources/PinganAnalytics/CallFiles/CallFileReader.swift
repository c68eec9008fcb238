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
        let csv = try CSVRecordReader(path: path)
        guard try csv.next() else { throw AnalyticsError(.empty, "call file is empty (no header line)", file: path, line: 1) }
        var header: [String] = []
        for i in 0..<csv.fieldCount {
            guard var s = csv.string(i) else {
                throw AnalyticsError(.corrupt, "header column \(i + 1) is not valid UTF-8", file: path, line: csv.recordLine)
            }
            if i == 0, s.hasPrefix("\u{FEFF}") { s.removeFirst() }
            header.append(s.trimmingSpaces)
        }
        func column(_ name: String) -> Int? {
            header.firstIndex(of: name) ?? header.firstIndex { $0.lowercased() == name.lowercased() }
        }
        let missing = mapping.requiredColumns.filter { column($0) == nil }
        if !missing.isEmpty {
            throw AnalyticsError(.missingColumns,
                                 "missing column\(missing.count > 1 ? "s" : "") \(missing.map { "'\($0)'" }.joined(separator: ", ")) for mapping '\(mapping.name)'; the file has: \(header.joined(separator: ", "))",
                                 file: path, line: 1)
        }
        let ti = column(mapping.timeColumn)!, la = column(mapping.latColumn)!, lo = column(mapping.lonColumn)!
        let ci = column(mapping.categoryColumn)!
        let pi = mapping.priorityColumn.flatMap(column)
        let needed = max(ti, la, lo, ci, pi ?? 0) + 1

        var result = Result(calls: [], header: header)
        var classified: [String: (Int8, Priority, Bool)] = [:]
        let otherIndex = CallCategories.index(of: mapping.defaultCategory) ?? CallCategories.index(of: "other")!
        func skip(_ reason: SkipReason, _ detail: String) throws(AnalyticsError) {
            if options.strict {
                throw AnalyticsError(.badRow, "\(reason.rawValue): \(detail) (stopping: strict mode)", file: path, line: csv.recordLine)
            }
            result.skipped[reason, default: 0] += 1
            if result.notices.count < options.maxNotices { result.notices.append("line \(csv.recordLine): \(reason.rawValue): \(detail)") }
        }
        while try csv.next() {
            if let limit = options.limit, result.rowsRead >= limit { break }
            result.rowsRead += 1
            if csv.fieldCount < needed {
                try skip(.shortRow, "\(csv.fieldCount) fields, need at least \(needed)")
                continue
            }
            guard let t = mapping.timeFormat.parse(csv.field(ti)) else {
                let txt = String(decoding: csv.field(ti).prefix(40), as: UTF8.self)
                try skip(.badTime, "'\(txt)' in '\(mapping.timeColumn)' is not \(mapping.timeFormat.rawValue)")
                continue
            }
            guard let lat = DecimalParsing.double(csv.field(la)), let lon = DecimalParsing.double(csv.field(lo)) else {
                try skip(.badCoordinate, "'\(String(decoding: csv.field(la).prefix(30), as: UTF8.self))', '\(String(decoding: csv.field(lo).prefix(30), as: UTF8.self))' is not a latitude, longitude")
                continue
            }
            let c = Coordinate(lat: lat, lon: lon)
            guard c.isValid else { try skip(.badCoordinate, "\(lat), \(lon) is out of range"); continue }
            if let area = mapping.validArea, !area.contains(c) {
                try skip(.outsideArea, "\(lat), \(lon) is outside the file's area")
                continue
            }
            guard let raw = csv.string(ci) else {
                try skip(.invalidUTF8, "column '\(mapping.categoryColumn)' is not valid UTF-8")
                continue
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
                        try skip(.badPriority, "'\(String(decoding: f.prefix(10), as: UTF8.self))' is not a priority 1-4")
                        continue
                    }
                    priority = p
                }
            }
            result.calls.append(CallRecord(time: t, timeOfDayKnown: mapping.timeFormat.hasTimeOfDay, coordinate: c,
                                           categoryIndex: cls.0, priority: priority))
        }
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
