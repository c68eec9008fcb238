/// One class of the incident catalogue, named in Chinese and English for the console.
public struct IncidentCategory: Codable, Sendable, Hashable {
    public var code: String
    public var nameZh: String
    public var nameEn: String
    /// Not police work (咨询/非警务): a candidate for routing to another agency.
    public var nonPolice: Bool
    /// The marker maps draw it with: circle (absent), diamond, square, triangle,
    /// invertedTriangle or hexagon. Part of the catalogue so a new category brings its own.
    public var symbol: String?

    public init(code: String, nameZh: String, nameEn: String, nonPolice: Bool = false, symbol: String? = nil) {
        self.code = code
        self.nameZh = nameZh
        self.nameEn = nameEn
        self.nonPolice = nonPolice
        self.symbol = symbol
    }
}

/// The configurable list of categories an incident may take.
public struct CategoryCatalogue: Codable, Sendable, Hashable {
    public var categories: [IncidentCategory]

    public init(categories: [IncidentCategory]) { self.categories = categories }

    public func category(_ code: String) -> IncidentCategory? { categories.first { $0.code == code } }

    /// The 11 classes Chinese 110 centres use (seed 003, "11类警情").
    public static let standard = CategoryCatalogue(categories: [
        .init(code: "criminal", nameZh: "刑事", nameEn: "Criminal", symbol: "diamond"),
        .init(code: "publicOrder", nameZh: "治安", nameEn: "Public order", symbol: "square"),
        .init(code: "traffic", nameZh: "交通", nameEn: "Traffic", symbol: "triangle"),
        .init(code: "fire", nameZh: "火灾", nameEn: "Fire", symbol: "invertedTriangle"),
        .init(code: "disaster", nameZh: "灾害事故", nameEn: "Disaster / accident", symbol: "hexagon"),
        .init(code: "dispute", nameZh: "纠纷", nameEn: "Dispute"),
        .init(code: "assistance", nameZh: "求助", nameEn: "Assistance"),
        .init(code: "complaint", nameZh: "举报投诉", nameEn: "Report / complaint", symbol: "square"),
        .init(code: "suspicious", nameZh: "可疑", nameEn: "Suspicious", symbol: "diamond"),
        .init(code: "inquiry", nameZh: "咨询(非警务)", nameEn: "Inquiry (non-police)", nonPolice: true),
        .init(code: "other", nameZh: "其他", nameEn: "Other"),
    ])
}

/// Urgency from 1 (life at risk, respond now) to 4 (routine).
public enum Priority: Int, Codable, Sendable, CaseIterable, Comparable {
    case p1 = 1, p2, p3, p4
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
