/// A query parameter that lists values of an enumeration, comma-separated (`?status=sent,accepted`).
enum QueryList {
    /// The values `raw` names, in order; nil when the parameter is absent. An unknown value is
    /// refused naming the ones allowed.
    static func values<E: RawRepresentable & CaseIterable>(_ raw: Substring?, _ field: String, as type: E.Type = E.self) throws -> [E]?
    where E.RawValue == String {
        guard let raw else { return nil }
        return try raw.split(separator: ",", omittingEmptySubsequences: false).map {
            guard let value = E(rawValue: String($0)) else {
                throw Problem.invalidField(field, "\(field) is a comma-separated list of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
    }
}
