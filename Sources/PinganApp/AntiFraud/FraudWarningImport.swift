import Foundation
import PinganCore
import PinganGeo

/// A day's warning list (预警名单) as the anti-fraud centre sends it: one person per row, read as
/// `MappedCSV`. The address is routed by its parts when the row gives them (district, street,
/// number…), else by its location, else to the station the import names.
public enum FraudWarningImport {
    /// The fields a row may carry; `reference`, `victimName`, `phone`, `reason` and `deadline` are required.
    public static let fields = ["reference", "victimName", "phone", "idNumber", "address", "district", "street", "number", "building",
                                "unit", "room", "lat", "lon", "reason", "amountAtRisk", "deadline"]
    static let required: Set<String> = ["reference", "victimName", "phone", "reason", "deadline"]
    /// Rows per file: a province's day at most.
    public static let maxRows = 100_000

    public struct Row: Sendable {
        public var line: Int
        public var warning: CheckedFraudWarning
    }

    static func check(_ value: MappedCSV.Values, now: Date) throws(DomainError) -> Row {
        var amount: Int?
        if let text = value["amountAtRisk"] {
            let digits = text.filter { $0 != "," && $0 != "，" }
            guard let n = Int(digits) else { throw DomainError.invalid("amountAtRisk", "the amount at risk is whole yuan, not \(text.prefix(20))") }
            amount = n
        }
        var parts: AddressParts?
        if value["district"] != nil || value["street"] != nil || value["number"] != nil {
            parts = AddressParts(district: value["district"] ?? "", street: value["street"] ?? "", number: value["number"] ?? "",
                                 building: value["building"], unit: value["unit"], room: value["room"])
        }
        let input = NewFraudWarning(reference: value["reference"] ?? "", victimName: value["victimName"] ?? "", phone: value["phone"] ?? "",
                                    idNumber: value["idNumber"], address: value["address"], parts: parts, location: try value.location(),
                                    reason: value["reason"] ?? "", amountAtRisk: amount, deadline: value["deadline"] ?? "")
        return Row(line: value.line, warning: try FraudWarningDecider.checked(input, now: now))
    }

    /// The rows of `csv`, or every problem found in it.
    public static func read(_ csv: String, columns: [String: String]?, now: Date) -> (rows: [Row], problems: [OrganisationImport.Problem]) {
        MappedCSV.read(csv, section: "warnings", fields: fields, required: required, columns: columns, maxRows: maxRows) { values throws(DomainError) in
            try check(values, now: now)
        }
    }
}
