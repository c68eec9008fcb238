import PinganCore
import PinganGeo

/// One call (or reported incident) read from a file or drawn by the generator, already mapped
/// onto Pingan's categories and priorities. A plain value: 100 000 of them are one flat array.
public struct CallRecord: Sendable, Equatable, Codable {
    /// Local seconds since 1970 (see `TimeFormat`).
    public var time: Int64
    /// False when the source only had the date (the replay spreads such calls over the day).
    public var timeOfDayKnown: Bool
    public var coordinate: Coordinate
    /// Index into `CallCategories.codes`.
    public var categoryIndex: Int8
    public var priority: Priority

    public init(time: Int64, timeOfDayKnown: Bool = true, coordinate: Coordinate, categoryIndex: Int8, priority: Priority) {
        self.time = time
        self.timeOfDayKnown = timeOfDayKnown
        self.coordinate = coordinate
        self.categoryIndex = categoryIndex
        self.priority = priority
    }

    public var category: String { CallCategories.codes[Int(categoryIndex)] }
}

/// Pingan's 11 category codes in catalogue order, so a call stores a small index.
public enum CallCategories {
    public static let codes: [String] = CategoryCatalogue.standard.categories.map(\.code)

    /// Index of `code`, or nil when it is not one of the 11.
    public static func index(of code: String) -> Int8? {
        codes.firstIndex(of: code).map { Int8($0) }
    }
}
