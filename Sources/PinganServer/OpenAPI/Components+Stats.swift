/// The schemas of the assessment's replies (`GET /v1/stats/kpi`): `KPIReport` and its parts,
/// as `PinganAnalytics` encodes them.
extension Components {
    static let share = Schema.number(min: 0, max: 1)
    static let seconds = Schema.number(min: 0)
    static let counts = Schema.map(.integer(min: 0), keys: .init())

    static let stats: [String: Schema] = [
        "ResponseTargets": reply(["minMetRate": share, "maxP90ArrivalSeconds": .integer(min: 1), "maxOverdueFeedbackRate": share,
                                  "minIncidents": .integer(min: 0)]),
        "TargetsInForce": reply(["targets": .ref("ResponseTargets"), "setBy": str]),
        "DurationStats": reply(["count": .integer(min: 1), "mean": seconds, "p50": seconds, "p90": seconds, "p95": seconds, "max": seconds]),
        "KPIPeriod": reply(["from": str, "to": str, "days": .integer(min: 1), "kind": .strings(["day", "isoWeek", "month", "range"])]),
        "KPIFigures": reply([
            "incidents": .integer(min: 0), "byCategory": counts, "byPriority": counts,
            "callToDispatch": .ref("DurationStats"), "dispatchToArrival": .ref("DurationStats"), "arrivalToResolved": .ref("DurationStats"),
            "callToArrival": .ref("DurationStats"),
            "arrivals": .integer(min: 0), "within1Minute": .integer(min: 0), "within3Minutes": .integer(min: 0), "within5Minutes": .integer(min: 0),
            "within1MinuteShare": share, "within3MinutesShare": share, "within5MinutesShare": share,
            "judged": .integer(min: 0), "met": .integer(min: 0), "metRate": share,
            "closed": .integer(min: 0), "closureRate": share, "cancelled": .integer(min: 0), "merged": .integer(min: 0),
            "referred": .integer(min: 0), "highRisk": .integer(min: 0),
            "feedbackDue": .integer(min: 0), "feedbackOverdue": .integer(min: 0), "overdueFeedbackRate": share,
            "alerts": reply(["raised": .integer(min: 0), "byKind": counts, "byStatus": counts]),
        ], optional: ["callToDispatch", "dispatchToArrival", "arrivalToResolved", "callToArrival", "within1MinuteShare", "within3MinutesShare",
                      "within5MinutesShare", "metRate", "closureRate", "overdueFeedbackRate", "alerts"]),
        "KPIWarning": reply(["metric": .strings(["metRate", "callToArrivalP90", "overdueFeedbackRate"]), "value": .number(min: 0),
                             "target": .number(min: 0), "sample": .integer(min: 0)]),
        "KPIChange": reply(["current": .number(), "base": .number(), "difference": .number(), "relative": .number()],
                           optional: ["current", "base", "difference", "relative"]),
        "PatrolFigures": reply(["distanceKm": .number(min: 0), "hoursInZone": .number(min: 0), "hoursTracked": .number(min: 0),
                                "fixes": .integer(min: 0), "gapsSkipped": .integer(min: 0), "maxGapSeconds": .number(min: 0)]),
        "KPIGroup": reply(["key": str, "name": str, "path": str, "figures": .ref("KPIFigures"), "targets": .ref("TargetsInForce"),
                           "warnings": .array(.ref("KPIWarning")), "patrol": .ref("PatrolFigures")], optional: ["name", "path", "patrol"]),
        "KPILeagueRow": reply([
            "rank": .integer(min: 1), "key": str, "name": str, "path": str, "incidents": .integer(min: 0), "judged": .integer(min: 0),
            "metRate": share, "arrivals": .integer(min: 0), "callToArrivalP90": seconds, "within5MinutesShare": share,
            "feedbackDue": .integer(min: 0), "overdueFeedbackRate": share, "targets": .ref("TargetsInForce"), "warnings": .array(.ref("KPIWarning")),
        ], optional: ["name", "metRate", "callToArrivalP90", "within5MinutesShare", "overdueFeedbackRate"]),
        "KPIDayPoint": reply([
            "day": str, "incidents": .integer(min: 0), "judged": .integer(min: 0), "met": .integer(min: 0), "metRate": share,
            "arrivals": .integer(min: 0), "callToArrivalP90": seconds, "feedbackDue": .integer(min: 0), "feedbackOverdue": .integer(min: 0),
            "overdueFeedbackRate": share,
        ], optional: ["metRate", "callToArrivalP90", "overdueFeedbackRate"]),
        "KPIReport": reply([
            "jurisdictionID": str, "jurisdictionName": str, "path": str, "asOf": .dateTime,
            "period": .ref("KPIPeriod"), "previousPeriod": .ref("KPIPeriod"), "lastYearPeriod": .ref("KPIPeriod"),
            "current": .ref("KPIFigures"), "previous": .ref("KPIFigures"), "lastYear": .ref("KPIFigures"),
            "changes": reply(["previous": .map(.ref("KPIChange"), keys: .init()), "lastYear": .map(.ref("KPIChange"), keys: .init())]),
            "targets": .ref("TargetsInForce"), "warnings": .array(.ref("KPIWarning")), "series": .array(.ref("KPIDayPoint")),
            "groupBy": .strings(["station", "district", "unit", "zone", "category"]), "groups": .array(.ref("KPIGroup")),
            "league": .array(.ref("KPILeagueRow")), "notes": .array(str),
        ], optional: ["jurisdictionName", "groupBy"]),
    ]
}
