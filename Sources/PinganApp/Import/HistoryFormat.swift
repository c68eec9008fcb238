import Foundation
import PinganCore
import PinganGeo

/// The CSV of past incidents (`HistoryImport.Column`) read into rows, each bad row reported by
/// its line and column; reading never stops at the first.
///
/// Values are trimmed of spaces; an empty value is an absent one. Times are ISO 8601 instants
/// with an offset, read strictly (a date without a zone would be read in whatever zone the
/// server runs in, and move every figure by hours).
public enum HistoryFormat {
    public typealias Problem = HistoryImport.Problem

    /// Reads `text`.
    /// - Throws: `too_many_rows` when the file has more than `HistoryImport.maxRows` data rows
    ///   (nothing is read then).
    public static func read(_ text: String) throws(DomainError) -> (rows: [HistoryImport.Row], problems: [Problem]) {
        let records = Self.records(text)
        func problem(_ line: Int, _ field: String?, _ message: String) -> Problem {
            Problem(section: HistoryImport.section, line: line, field: field, message: message)
        }
        guard let header = records.first else { return ([], [problem(1, nil, "the file is empty; the first line names the columns")]) }
        let data = records.dropFirst().filter { !($0.fields.count == 1 && $0.fields[0].isEmpty) }
        guard data.count <= HistoryImport.maxRows else {
            throw DomainError(.tooManyRows, field: HistoryImport.section,
                              "\(data.count) rows; one import takes at most \(HistoryImport.maxRows): split the file (by year, say)")
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let known = Set(HistoryImport.Column.allCases.map(\.rawValue))
        let missing = HistoryImport.Column.required.map(\.rawValue).filter { !names.contains($0) }
        let unknown = names.filter { !known.contains($0) }
        let repeated = Set(names.filter { n in names.filter { $0 == n }.count > 1 })
        guard missing.isEmpty, unknown.isEmpty, repeated.isEmpty else {
            let parts = (missing.isEmpty ? [] : ["missing column(s) " + missing.joined(separator: ", ")])
                + (unknown.isEmpty ? [] : ["unknown column(s) " + unknown.map { String($0.prefix(40)) }.joined(separator: ", ")])
                + (repeated.isEmpty ? [] : ["column(s) named twice " + repeated.sorted().joined(separator: ", ")])
            return ([], [problem(header.line, nil, parts.joined(separator: "; ") + "; the columns are "
                                 + (HistoryImport.Column.required + HistoryImport.Column.optional).map(\.rawValue).joined(separator: ","))])
        }
        // Column index by column, -1 where the file leaves it out.
        var index = [Int](repeating: -1, count: HistoryImport.Column.allCases.count)
        for (i, name) in names.enumerated() {
            if let c = HistoryImport.Column(rawValue: name), let k = HistoryImport.Column.allCases.firstIndex(of: c) { index[k] = i }
        }
        var rows: [HistoryImport.Row] = []
        rows.reserveCapacity(data.count)
        var problems: [Problem] = []
        for record in data {
            guard record.fields.count == names.count else {
                problems.append(problem(record.line, nil, "\(record.fields.count) values for \(names.count) columns"))
                continue
            }
            let reader = RowReader(fields: record.fields, index: index)
            do { rows.append(try reader.row(line: record.line)) } catch {
                problems.append(problem(record.line, error.field, error.message))
            }
        }
        return (rows, problems)
    }

    /// RFC 4180 records with the line each starts on, read from the UTF-8 bytes: the bytes
    /// that structure a CSV (comma, quote, line breaks) never occur inside a multi-byte
    /// character, so a year of a city (tens of megabytes) is split without first being turned
    /// into an array of Unicode scalars four times its size, as the organisation files are.
    static func records(_ text: String) -> [CSV.Record] {
        var text = text
        return text.withUTF8 { bytes -> [CSV.Record] in
            var out: [CSV.Record] = []
            var fields: [String] = []
            var i = 0, line = 1, start = 1
            let n = bytes.count
            if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }   // a byte-order mark
            var any = false
            while i < n {
                // One field: quoted (doubled quotes inside, line breaks allowed) or plain.
                let field: String
                if bytes[i] == UInt8(ascii: "\"") {
                    var raw: [UInt8] = []
                    i += 1
                    while i < n {
                        let c = bytes[i]
                        if c == UInt8(ascii: "\"") {
                            if i + 1 < n, bytes[i + 1] == UInt8(ascii: "\"") { raw.append(c); i += 2; continue }
                            i += 1
                            break
                        }
                        if c == UInt8(ascii: "\n") { line += 1 }
                        raw.append(c)
                        i += 1
                    }
                    // Anything between the closing quote and the separator is kept, as a lenient reader does.
                    let rest = i
                    while i < n, bytes[i] != UInt8(ascii: ","), bytes[i] != UInt8(ascii: "\n"), bytes[i] != UInt8(ascii: "\r") { i += 1 }
                    raw.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[rest..<i]))
                    field = String(decoding: raw, as: UTF8.self)
                } else {
                    let from = i
                    while i < n, bytes[i] != UInt8(ascii: ","), bytes[i] != UInt8(ascii: "\n"), bytes[i] != UInt8(ascii: "\r") { i += 1 }
                    field = String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<i]), as: UTF8.self)
                }
                fields.append(field)
                any = true
                guard i < n else { break }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    if i == n { fields.append("") }
                    continue
                }
                // A line break ends the record (CRLF, LF or a lone CR).
                if bytes[i] == UInt8(ascii: "\r"), i + 1 < n, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                i += 1
                out.append(CSV.Record(line: start, fields: fields))
                fields = []
                any = false
                line += 1
                start = line
            }
            if any { out.append(CSV.Record(line: start, fields: fields)) }
            return out
        }
    }

    /// One record's values by column.
    struct RowReader {
        let fields: [String]
        let index: [Int]

        func value(_ c: HistoryImport.Column) -> String? {
            guard let k = HistoryImport.Column.allCases.firstIndex(of: c), index[k] >= 0 else { return nil }
            let v = fields[index[k]].trimmingCharacters(in: .whitespaces)
            return v.isEmpty ? nil : v
        }

        func required(_ c: HistoryImport.Column) throws(DomainError) -> String {
            guard let v = value(c) else { throw DomainError.invalid(c.rawValue, "\(c.rawValue) is required") }
            return v
        }

        func instant(_ c: HistoryImport.Column) throws(DomainError) -> Date? {
            guard var text = value(c) else { return nil }
            guard let date = text.withUTF8({ Timestamp.parse(utf8: $0) }) else {
                throw DomainError.invalid(c.rawValue, "\(c.rawValue) \(text.prefix(40)) is not an ISO 8601 date-time with its offset (2025-03-01T08:15:30+08:00)")
            }
            return date
        }

        func degrees(_ c: HistoryImport.Column, _ range: ClosedRange<Double>) throws(DomainError) -> Double {
            let text = try required(c)
            guard let d = Double(text), d.isFinite, range.contains(d) else {
                throw DomainError.invalid(c.rawValue, "\(c.rawValue) \(text.prefix(40)) must be a number in \(Int(range.lowerBound))…\(Int(range.upperBound)) (WGS-84 degrees)")
            }
            return d
        }

        func row(line: Int) throws(DomainError) -> HistoryImport.Row {
            guard let received = try instant(.receivedAt) else { throw DomainError.invalid("received_at", "received_at is required") }
            guard let closed = try instant(.closedAt) else { throw DomainError.invalid("closed_at", "closed_at is required: only closed incidents are history") }
            let priorityText = try required(.priority)
            guard let p = Int(priorityText).flatMap(Priority.init(rawValue:)) else {
                throw DomainError.invalid("priority", "priority \(priorityText.prefix(20)) must be 1, 2, 3 or 4")
            }
            let category = try required(.category)
            let location = Coordinate(lat: try degrees(.lat, -90...90), lon: try degrees(.lon, -180...180))
            return HistoryImport.Row(line: line, receivedAt: received, dispatchedAt: try instant(.dispatchedAt), arrivedAt: try instant(.arrivedAt),
                                     resolvedAt: try instant(.resolvedAt), closedAt: closed, category: category, priority: p, location: location,
                                     station: value(.station), address: value(.address), description: value(.description),
                                     sourceID: value(.sourceID), feedback: value(.feedback))
        }
    }
}
