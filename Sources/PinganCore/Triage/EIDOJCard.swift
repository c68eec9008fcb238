/// The agency contact card an EIDO agency component carries: a jCard (RFC 7095, vCard 4.0 as
/// JSON) written as text in `agencyJcard`. Only the name and the number are written or read;
/// the agency's `$id` identifies it, the card only tells people who it is.
enum EIDOJCard {
    static func write(name: String, phone: String? = nil) -> String {
        var properties: [JSONValue] = [
            .array([.string("version"), .object([:]), .string("text"), .string("4.0")]),
            .array([.string("fn"), .object([:]), .string("text"), .string(name)]),
        ]
        if let phone, !phone.isEmpty {
            properties.append(.array([.string("tel"), .object([:]), .string("uri"), .string("tel:" + phone.filter { $0 != " " })]))
        }
        return JSONValue.array([.string("vcard"), .array(properties)]).canonicalText
    }

    /// The formatted name (`fn`) of a jCard, or nil when the text is not one or has none.
    static func name(_ jcard: String) -> String? {
        guard let parsed = try? JSONValue.parse(Array(jcard.utf8)).value,
              case .array(let card) = parsed, card.count >= 2, card[0].stringValue == "vcard",
              case .array(let properties) = card[1] else { return nil }
        for property in properties {
            guard case .array(let parts) = property, parts.count >= 4, parts[0].stringValue?.lowercased() == "fn" else { continue }
            if let name = parts[3].stringValue { return name }
        }
        return nil
    }
}
