// The incident's triage members in canonical JSON, keys in sorted order (see
// `CanonicalJSONWriter`); `CanonicalJSONTests` holds them byte-equal to their `Encodable` form.

extension ReferralLink: CanonicalJSONWritable {
    public func writeJSON(to w: inout CanonicalJSONWriter) {
        w.beginObject()
        w.key("agencyID"); w.string(agencyID.rawValue)
        w.key("agencyName"); w.string(agencyName)
        w.key("id"); w.string(id.rawValue)
        w.key("status"); w.string(status.rawValue)
        w.endObject()
    }
}

extension MergeLink: CanonicalJSONWritable {
    public func writeJSON(to w: inout CanonicalJSONWriter) {
        w.beginObject()
        w.key("at"); w.date(at)
        w.key("by"); w.string(by)
        w.key("into"); w.string(into.rawValue)
        w.key("intoNumber"); w.string(intoNumber)
        w.key("previousStatus"); w.string(previousStatus.rawValue)
        if let reasons {
            w.key("reasons")
            w.beginArray()
            for reason in reasons { w.string(reason) }
            w.endArray()
        }
        if let score { w.key("score"); w.number(score) }
        w.endObject()
    }
}

extension RiskFlag: CanonicalJSONWritable {
    public func writeJSON(to w: inout CanonicalJSONWriter) {
        w.beginObject()
        w.key("nameEn"); w.string(nameEn)
        w.key("nameZh"); w.string(nameZh)
        w.key("notify"); w.bool(notify)
        w.key("raiseTo"); w.int(raiseTo.rawValue)
        w.key("rule"); w.string(rule)
        w.key("words")
        w.beginArray()
        for word in words { w.string(word) }
        w.endArray()
        w.endObject()
    }
}
