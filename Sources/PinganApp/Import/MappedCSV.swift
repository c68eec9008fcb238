import Foundation
import PinganCore
import PinganGeo

/// A list kept in a spreadsheet and sent as CSV (a population list, a day's fraud warnings): one
/// record per row, each column named by its header. `columns` maps a field to the header a file
/// uses for it (`{"idNumber": "身份证号"}`); a field without a mapping is looked for under its own
/// name. Rows are checked independently, so a large list is checked on every core, and every bad
/// row is reported with its line and field.
public enum MappedCSV {
    /// One record's values by field name, trimmed; nil for a column absent or empty.
    public struct Values: Sendable {
        let record: CSV.Record
        let position: [String: Int]

        public var line: Int { record.line }

        public subscript(_ field: String) -> String? {
            guard let i = position[field], i < record.fields.count else { return nil }
            let v = record.fields[i].trimmingCharacters(in: .whitespaces)
            return v.isEmpty ? nil : v
        }

        /// A latitude and longitude given together, or neither.
        public func location(field: String = "lat") throws(DomainError) -> Coordinate? {
            switch (self["lat"], self["lon"]) {
            case (nil, nil): return nil
            case let (lat?, lon?):
                guard let la = Double(lat), let lo = Double(lon) else { throw DomainError.invalid(field, "lat and lon are decimal degrees") }
                let c = Coordinate(lat: la, lon: lo)
                try TextRules.check(c, field: field)
                return c
            default: throw DomainError.invalid(field, "lat and lon come together")
            }
        }
    }

    /// The checked rows of `csv`, in file order, or every problem found in it (`section` names
    /// the list in each problem).
    public static func read<Row: Sendable>(_ csv: String, section: String, fields: [String], required: Set<String>, columns: [String: String]?,
                                           maxRows: Int, check: @Sendable (Values) throws(DomainError) -> Row)
        -> (rows: [Row], problems: [OrganisationImport.Problem]) {
        var problems: [OrganisationImport.Problem] = []
        func problem(_ line: Int, _ field: String?, _ message: String) {
            problems.append(.init(section: section, line: line, field: field, message: message))
        }
        for field in (columns ?? [:]).keys.sorted() where !fields.contains(field) {
            problem(0, field, "no field \(field): the fields are \(fields.joined(separator: ", "))")
        }
        let records = CSV.records(csv).filter { !($0.fields.count == 1 && $0.fields[0].isEmpty) }
        guard let header = records.first else { problem(1, nil, "the file is empty"); return ([], problems) }
        guard records.count - 1 <= maxRows else { problem(header.line, nil, "at most \(maxRows) rows per file"); return ([], problems) }
        var position: [String: Int] = [:]
        for field in fields {
            let name = columns?[field] ?? field
            if let i = header.fields.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == name }) { position[field] = i }
            else if required.contains(field) { problem(header.line, field, "no column \(name) for \(field)") }
        }
        guard problems.isEmpty else { return ([], problems) }
        let body = Array(records.dropFirst()), columnAt = position
        var checked = [Result<Row, DomainError>?](repeating: nil, count: body.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, body.count / 5_000))
        checked.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                for i in body.count * w / workers..<body.count * (w + 1) / workers {
                    let values = Values(record: body[i], position: columnAt)
                    do throws(DomainError) { out[i] = .success(try check(values)) } catch { out[i] = .failure(error) }
                }
            }
        }
        var rows: [Row] = []
        rows.reserveCapacity(body.count)
        for (i, outcome) in checked.enumerated() {
            switch outcome {
            case .success(let row)?: rows.append(row)
            case .failure(let e)?: problem(body[i].line, e.field, e.message)
            case nil: break
            }
        }
        return (rows, problems)
    }
}
