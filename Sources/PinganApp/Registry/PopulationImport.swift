import Foundation
import PinganCore
import PinganGeo

/// A population list (实有人口) as stations keep it in spreadsheets: one person per row with
/// the address they live at, read from CSV. Each column is named by its header; `columns`
/// maps a field to the header a file uses for it (`{"idNumber": "身份证号"}`), and a field
/// without a mapping is looked for under its own name. Every bad row is reported with its line
/// and field, and one bad row refuses the whole file.
public enum PopulationImport {
    /// The fields a row may carry; `district`, `street`, `number`, `name`, `idNumber` and `kind` are required.
    public static let fields = ["district", "street", "number", "building", "unit", "room", "lat", "lon",
                                "name", "idNumber", "kind", "permit", "permitExpiry", "phone"]
    static let required: Set<String> = ["district", "street", "number", "name", "idNumber", "kind"]
    /// Rows per file: a district's list at most.
    public static let maxRows = 200_000

    /// One person and their address, checked.
    public struct Row: Sendable {
        public var line: Int
        public var parts: AddressParts
        public var location: Coordinate?
        public var person: NewInhabitant
        public var number: ResidentID
        public var idNumber: String { number.text }
    }

    /// The values written in Chinese that a station's spreadsheet uses for `kind` and `permit`.
    static let kinds: [String: Inhabitant.Kind] = ["户籍": .registered, "常住": .registered, "暂住": .temporary, "流动": .temporary]
    static let permits: [String: Inhabitant.Permit] = ["无": .none, "已申请": .applied, "申请中": .applied, "有效": .valid, "过期": .expired, "已过期": .expired]

    enum Checked {
        case row(Row)
        case problem(OrganisationImport.Problem)
    }

    /// One record checked: its row, or its first problem.
    static func check(_ record: CSV.Record, position: [String: Int], now: Date) -> Checked {
        func value(_ field: String) -> String? {
            guard let i = position[field], i < record.fields.count else { return nil }
            let v = record.fields[i].trimmingCharacters(in: .whitespaces)
            return v.isEmpty ? nil : v
        }
        do throws(DomainError) {
            guard let kindText = value("kind") else { throw DomainError.invalid("kind", "kind is missing") }
            guard let kind = Inhabitant.Kind(rawValue: kindText) ?? kinds[kindText] else {
                throw DomainError.invalid("kind", "kind is registered (户籍) or temporary (暂住), not \(kindText.prefix(20))")
            }
            var permit: Inhabitant.Permit?
            if let p = value("permit") {
                guard let known = Inhabitant.Permit(rawValue: p) ?? permits[p] else {
                    throw DomainError.invalid("permit", "permit is none, applied, valid or expired, not \(p.prefix(20))")
                }
                permit = known
            }
            var location: Coordinate?
            switch (value("lat"), value("lon")) {
            case (nil, nil): break
            case let (lat?, lon?):
                guard let la = Double(lat), let lo = Double(lon) else { throw DomainError.invalid("lat", "lat and lon are decimal degrees") }
                location = Coordinate(lat: la, lon: lo)
            default: throw DomainError.invalid("lat", "lat and lon come together")
            }
            let parts = try AddressNormaliser.normalise(AddressParts(
                district: value("district") ?? "", street: value("street") ?? "", number: value("number") ?? "",
                building: value("building"), unit: value("unit"), room: value("room")))
            if let location { try TextRules.check(location, field: "lat") }
            let person = NewInhabitant(addressID: AddressID(""), name: value("name") ?? "", idNumber: value("idNumber") ?? "", kind: kind,
                                       permit: permit, permitExpiry: value("permitExpiry"), phone: value("phone"))
            let number = try RegistryDecider.checked(person, now: now)
            return .row(Row(line: record.line, parts: parts, location: location, person: person, number: number))
        } catch {
            return .problem(.init(section: "population", line: record.line, field: error.field, message: error.message))
        }
    }

    /// The rows of `csv`, or every problem found in it.
    public static func read(_ csv: String, columns: [String: String]?, now: Date) -> (rows: [Row], problems: [OrganisationImport.Problem]) {
        var problems: [OrganisationImport.Problem] = []
        func problem(_ line: Int, _ field: String?, _ message: String) {
            problems.append(.init(section: "population", line: line, field: field, message: message))
        }
        for field in (columns ?? [:]).keys where !fields.contains(field) {
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
        // Rows are checked independently, so a large list is checked on every core.
        let body = Array(records.dropFirst()), columnAt = position
        var checked = [Checked?](repeating: nil, count: body.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, body.count / 5_000))
        checked.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                for i in body.count * w / workers..<body.count * (w + 1) / workers {
                    out[i] = check(body[i], position: columnAt, now: now)
                }
            }
        }
        var rows: [Row] = []
        rows.reserveCapacity(body.count)
        for case let outcome? in checked {
            switch outcome {
            case .row(let row): rows.append(row)
            case .problem(let p): problems.append(p)
            }
        }
        return (rows, problems)
    }
}
