import Foundation

// The incident's canonical JSON, member by member in sorted key order (see `CanonicalJSONWriter`).
// `CanonicalJSONTests` holds it byte-equal to the synthesised `Encodable` form.

extension Incident: CanonicalJSONWritable {
    public func writeJSON(to w: inout CanonicalJSONWriter) {
        writeJSON(to: &w, merging: [])
    }

    /// The incident's object with `extra` members (a view's computed fields) merged in key order.
    public func writeJSON(to w: inout CanonicalJSONWriter, merging extra: [(key: String, write: (inout CanonicalJSONWriter) -> Void)]) {
        w.beginObject(merging: extra)
        w.member("acceptances", acceptances)
        w.key("address"); w.string(address)
        w.member("addressID", addressID?.rawValue)
        w.member("attendedUnitIDs", attendedUnitIDs)
        w.key("caller"); caller.writeJSON(to: &w)
        w.key("category"); w.string(category)
        w.member("deadlineRule", deadlineRule)
        w.key("description"); w.string(description)
        w.member("feedback", feedback)
        w.key("id"); w.string(id.rawValue)
        w.key("jurisdictionID"); w.string(jurisdictionID.rawValue)
        w.key("location")
        w.beginObject()
        w.key("lat"); w.number(location.lat)
        w.key("lon"); w.number(location.lon)
        w.endObject()
        w.member("mergedIncidentIDs", mergedIncidentIDs)
        w.member("mergedInto", mergedInto)
        w.key("number"); w.string(number)
        w.key("path"); w.string(path)
        w.key("priority"); w.int(priority.rawValue)
        w.member("referrals", referrals)
        w.member("resolvedByUnitIDs", resolvedByUnitIDs)
        w.member("riskFlags", riskFlags)
        w.member("sourceID", sourceID)
        w.key("status"); w.string(status.rawValue)
        w.key("times"); times.writeJSON(to: &w)
        w.member("unitIDs", unitIDs)
        w.key("version"); w.int(version)
        w.endObject()
    }
}

extension Caller: CanonicalJSONWritable {
    public func writeJSON(to w: inout CanonicalJSONWriter) {
        w.beginObject()
        w.member("name", name)
        w.member("phone", phone)
        w.endObject()
    }
}

extension IncidentTimes: CanonicalJSONWritable {
    public func writeJSON(to w: inout CanonicalJSONWriter) {
        w.beginObject()
        w.member("cancelledAt", cancelledAt)
        w.member("closedAt", closedAt)
        w.member("dispatchedAt", dispatchedAt)
        w.member("enRouteAt", enRouteAt)
        w.member("onSceneAt", onSceneAt)
        w.key("receivedAt"); w.date(receivedAt)
        w.member("reopenedAt", reopenedAt)
        w.member("resolvedAt", resolvedAt)
        w.endObject()
    }
}

extension Feedback: CanonicalJSONWritable {
    public func writeJSON(to w: inout CanonicalJSONWriter) {
        w.beginObject()
        w.key("at"); w.date(at)
        w.key("by"); w.string(by.rawValue)
        w.key("outcome"); w.string(outcome)
        w.key("summary"); w.string(summary)
        w.endObject()
    }
}

extension Acceptance: CanonicalJSONWritable {
    public func writeJSON(to w: inout CanonicalJSONWriter) {
        w.beginObject()
        w.key("at"); w.date(at)
        w.key("unitID"); w.string(unitID.rawValue)
        w.endObject()
    }
}

extension DeadlineRule: CanonicalJSONWritable {
    public func writeJSON(to w: inout CanonicalJSONWriter) {
        w.beginObject()
        w.key("arriveSeconds"); w.int(arriveSeconds)
        w.key("dispatchSeconds"); w.int(dispatchSeconds)
        w.key("feedbackSeconds"); w.int(feedbackSeconds)
        w.key("setBy"); w.string(setBy)
        w.endObject()
    }
}
