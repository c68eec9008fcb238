/// On-scene time per category: a log-normal around a median (minutes), because most calls are
/// short and a few take hours. Defaults are typical urban figures, labelled as assumptions in
/// the report.
public enum ServiceTimes {
    public static let defaults: [String: Double] = [
        "criminal": 45, "publicOrder": 25, "traffic": 30, "fire": 35, "disaster": 40, "dispute": 30,
        "assistance": 25, "complaint": 15, "suspicious": 20, "inquiry": 10, "other": 20,
    ]
    /// Log-space standard deviation of the on-scene time.
    public static let sigma = 0.6
}
