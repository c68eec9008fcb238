/// The payloads of events that record access rather than change: who looked at personal data
/// and why, sign-in failures, sign-outs and revocations, the demo's switch.

/// `personalData.read`: `what` names the data (`caller`, `track`), `reason` is what the reader
/// gave when the console asked for one, `detail` the extent (a track's time window).
public struct PersonalDataReadData: EventPayload, Hashable {
    public var what: String
    public var reason: String?
    public var detail: String?

    public init(what: String, reason: String? = nil, detail: String? = nil) {
        self.what = what
        self.reason = reason
        self.detail = detail
    }
}

/// `user.loginFailed`, `user.loggedOut` and `user.sessionsRevoked`.
public struct SessionChangeData: EventPayload, Hashable {
    public var username: String
    /// The client address as the server saw it (after trusted proxies), for failed sign-ins.
    public var address: String?
    /// How many sessions ended, for revocations.
    public var sessions: Int?

    public init(username: String, address: String? = nil, sessions: Int? = nil) {
        self.username = username
        self.address = address
        self.sessions = sessions
    }
}

/// `demo.switched`.
public struct DemoSwitchData: EventPayload, Hashable {
    public var autoDispatch: Bool

    public init(autoDispatch: Bool) { self.autoDispatch = autoDispatch }
}
