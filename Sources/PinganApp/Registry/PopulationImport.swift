import Foundation
import PinganCore
import PinganGeo

/// A population list (实有人口) as stations keep it in spreadsheets: one person per row with
/// the address they live at, read as `MappedCSV`. One bad row refuses the whole file.
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

    /// One record checked: its row, or its first problem.
    static func check(_ value: MappedCSV.Values, now: Date) throws(DomainError) -> Row {
        guard let kindText = value["kind"] else { throw DomainError.invalid("kind", "kind is missing") }
        guard let kind = Inhabitant.Kind(rawValue: kindText) ?? kinds[kindText] else {
            throw DomainError.invalid("kind", "kind is registered (户籍) or temporary (暂住), not \(kindText.prefix(20))")
        }
        var permit: Inhabitant.Permit?
        if let p = value["permit"] {
            guard let known = Inhabitant.Permit(rawValue: p) ?? permits[p] else {
                throw DomainError.invalid("permit", "permit is none, applied, valid or expired, not \(p.prefix(20))")
            }
            permit = known
        }
        let location = try value.location()
        let parts = try AddressNormaliser.normalise(AddressParts(
            district: value["district"] ?? "", street: value["street"] ?? "", number: value["number"] ?? "",
            building: value["building"], unit: value["unit"], room: value["room"]))
        let person = NewInhabitant(addressID: AddressID(""), name: value["name"] ?? "", idNumber: value["idNumber"] ?? "", kind: kind,
                                   permit: permit, permitExpiry: value["permitExpiry"], phone: value["phone"])
        let number = try RegistryDecider.checked(person, now: now)
        return Row(line: value.line, parts: parts, location: location, person: person, number: number)
    }

    /// The rows of `csv`, or every problem found in it.
    public static func read(_ csv: String, columns: [String: String]?, now: Date) -> (rows: [Row], problems: [OrganisationImport.Problem]) {
        MappedCSV.read(csv, section: "population", fields: fields, required: required, columns: columns, maxRows: maxRows) { values throws(DomainError) in
            try check(values, now: now)
        }
    }
}
