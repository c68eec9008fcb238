import PinganGeo

/// The header and the placed rows of a call file, shared by `CallFileReader` and
/// `CallSummaryFile`.
///
/// Both readers must turn away the same rows for the same reasons and count them alike, or a
/// replay and a duplicate benchmark over one export would disagree on what the export holds.
/// So the structural checks (empty file, a header that is not UTF-8, missing columns) and the
/// per-row ones every call needs (the row limit, short rows, the time, the coordinate and the
/// mapping's valid area) live here once, with the skip bookkeeping and strict mode. A reader
/// sees only rows that passed, and may still turn one away for a reason of its own.
/// Not Sendable: it holds the open CSV reader.
final class CallFileRows {
    /// A data row whose time parsed and whose place is a valid coordinate in the mapping's area.
    struct Row {
        var time: Int64
        var coordinate: Coordinate
        /// The record's fields; valid only inside the closure that receives the row.
        let csv: CSVRecordReader
    }

    /// Why a reader turns away a row that passed the shared checks.
    struct Skip {
        var reason: CallFileReader.SkipReason
        var detail: String
        init(_ reason: CallFileReader.SkipReason, _ detail: String) {
            self.reason = reason
            self.detail = detail
        }
    }

    /// What became of the data rows, for the readers' results.
    struct Tally {
        var rowsRead = 0
        var skipped: [CallFileReader.SkipReason: Int] = [:]
        /// `line N: reason: detail` for the first `maxNotices` bad rows.
        var notices: [String] = []
    }

    let mapping: ColumnMapping
    let path: String
    /// Column names as written, a leading BOM dropped and spaces trimmed.
    let header: [String]
    private let csv: CSVRecordReader

    /// Opens `path` and reads its header line.
    init(path: String, mapping: ColumnMapping) throws(AnalyticsError) {
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
        self.csv = csv
        self.mapping = mapping
        self.path = path
        self.header = header
    }

    /// The index of the column named `name`, the exact spelling first, then ignoring case.
    func column(_ name: String) -> Int? {
        header.firstIndex(of: name) ?? header.firstIndex { $0.lowercased() == name.lowercased() }
    }

    /// Throws naming every one of `names` the header lacks, in order, and the columns it has.
    func require(_ names: [String]) throws(AnalyticsError) {
        let missing = names.filter { column($0) == nil }
        if !missing.isEmpty {
            throw AnalyticsError(.missingColumns,
                                 "missing column\(missing.count > 1 ? "s" : "") \(missing.map { "'\($0)'" }.joined(separator: ", ")) for mapping '\(mapping.name)'; the file has: \(header.joined(separator: ", "))",
                                 file: path, line: 1)
        }
    }

    /// Walks the data rows, handing `body` each one that passed the shared checks; `body`
    /// returns a `Skip` to turn the row away, nil to keep it. Every skip, the shared ones and
    /// `body`'s, is counted and noted alike, or stops the walk in strict mode.
    ///
    /// - Parameter columns: the indices of the other columns the caller reads; a row without
    ///   them (or without the mapping's time and coordinate columns) is a short row.
    /// - Precondition: `require(mapping.requiredColumns)` passed.
    func forEach(options: CallFileReader.Options, readingColumns columns: [Int],
                 _ body: (Row) throws(AnalyticsError) -> Skip?) throws(AnalyticsError) -> Tally {
        let ti = column(mapping.timeColumn)!, la = column(mapping.latColumn)!, lo = column(mapping.lonColumn)!
        let needed = columns.reduce(max(ti, la, lo), max) + 1
        let path = self.path, csv = self.csv
        var tally = Tally()
        func skip(_ reason: CallFileReader.SkipReason, _ detail: String) throws(AnalyticsError) {
            if options.strict {
                throw AnalyticsError(.badRow, "\(reason.rawValue): \(detail) (stopping: strict mode)", file: path, line: csv.recordLine)
            }
            tally.skipped[reason, default: 0] += 1
            if tally.notices.count < options.maxNotices { tally.notices.append("line \(csv.recordLine): \(reason.rawValue): \(detail)") }
        }
        while try csv.next() {
            if let limit = options.limit, tally.rowsRead >= limit { break }
            tally.rowsRead += 1
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
            if let turnedAway = try body(Row(time: t, coordinate: c, csv: csv)) {
                try skip(turnedAway.reason, turnedAway.detail)
            }
        }
        return tally
    }
}
