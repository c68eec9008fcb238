/// The payload of every `supervision.*` event: the case after the change, and the level the
/// change is about — the highest stage sent (opened, escalated), the stage acknowledged, or the
/// level the case had reached when it was resolved.
public struct SupervisionEventData: EventPayload, Hashable {
    public var supervisionCase: SupervisionCase
    public var level: SupervisionCase.Level

    public init(supervisionCase: SupervisionCase, level: SupervisionCase.Level) {
        self.supervisionCase = supervisionCase
        self.level = level
    }

    enum CodingKeys: String, CodingKey {
        case supervisionCase = "case"
        case level
    }
}
