import Foundation

// The registries' documents in canonical JSON, member by member in sorted key order (see
// `CanonicalJSONWriter`): a population import stores two documents a row, and Foundation's
// encoder cost more than the rest of the commit. `CanonicalJSONTests` holds them byte-equal to
// their `Encodable` form.

extension AddressParts: CanonicalJSONWritable {
    public func writeJSON(to w: inout CanonicalJSONWriter) {
        w.beginObject()
        w.member("building", building)
        w.key("district"); w.string(district)
        w.key("number"); w.string(number)
        w.member("room", room)
        w.key("street"); w.string(street)
        w.member("unit", unit)
        w.endObject()
    }
}

extension StandardAddress: CanonicalJSONWritable {
    public func writeJSON(to w: inout CanonicalJSONWriter) {
        w.beginObject()
        w.key("active"); w.bool(active)
        if let checkCorrect { w.key("checkCorrect"); w.bool(checkCorrect) }
        w.member("checkedAt", checkedAt)
        w.key("id"); w.string(id.rawValue)
        if let location {
            w.key("location")
            w.beginObject()
            w.key("lat"); w.number(location.lat)
            w.key("lon"); w.number(location.lon)
            w.endObject()
        }
        w.key("parts"); parts.writeJSON(to: &w)
        w.key("path"); w.string(path)
        w.key("stationID"); w.string(stationID.rawValue)
        w.key("version"); w.int(version)
        w.endObject()
    }
}

extension Inhabitant: CanonicalJSONWritable {
    public func writeJSON(to w: inout CanonicalJSONWriter) {
        w.beginObject()
        w.key("active"); w.bool(active)
        w.key("addressID"); w.string(addressID.rawValue)
        w.key("collectedAt"); w.date(collectedAt)
        w.key("collectedBy"); w.string(collectedBy)
        w.key("id"); w.string(id.rawValue)
        w.key("idNumber"); w.string(idNumber)
        w.key("kind"); w.string(kind.rawValue)
        w.key("name"); w.string(name)
        w.key("path"); w.string(path)
        w.key("permit"); w.string(permit.rawValue)
        w.member("permitExpiry", permitExpiry)
        w.member("phone", phone)
        w.key("version"); w.int(version)
        w.endObject()
    }
}

// The same documents as `JSONValue` trees, for the events that carry them: what
// `JSONValue(encoding:)` builds, without an `Encoder` (a population import raises two events a
// row). `CanonicalJSONTests` holds them equal.

extension AddressParts {
    var jsonValue: JSONValue {
        var o: [String: JSONValue] = ["district": .string(district), "street": .string(street), "number": .string(number)]
        if let building { o["building"] = .string(building) }
        if let unit { o["unit"] = .string(unit) }
        if let room { o["room"] = .string(room) }
        return .object(o)
    }
}

extension StandardAddress {
    public var jsonValue: JSONValue {
        var o: [String: JSONValue] = ["active": .bool(active), "id": .string(id.rawValue), "parts": parts.jsonValue, "path": .string(path),
                                      "stationID": .string(stationID.rawValue), "version": .number(Double(version))]
        if let checkedAt { o["checkedAt"] = .string(Timestamp.format(checkedAt)) }
        if let checkCorrect { o["checkCorrect"] = .bool(checkCorrect) }
        if let location { o["location"] = .object(["lat": .number(location.lat), "lon": .number(location.lon)]) }
        return .object(o)
    }
}

extension Inhabitant {
    public var jsonValue: JSONValue {
        var o: [String: JSONValue] = [
            "active": .bool(active), "addressID": .string(addressID.rawValue), "collectedAt": .string(Timestamp.format(collectedAt)),
            "collectedBy": .string(collectedBy), "id": .string(id.rawValue), "idNumber": .string(idNumber), "kind": .string(kind.rawValue),
            "name": .string(name), "path": .string(path), "permit": .string(permit.rawValue), "version": .number(Double(version)),
        ]
        if let permitExpiry { o["permitExpiry"] = .string(permitExpiry) }
        if let phone { o["phone"] = .string(phone) }
        return .object(o)
    }
}
