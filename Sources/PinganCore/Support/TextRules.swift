import PinganGeo

/// Limits on free text from outside. Long strings and control characters are refused rather than
/// trimmed so a client learns about the problem instead of storing something else than it sent.
public enum TextRules {
    /// Checks length (in characters) and control characters; line breaks are allowed only where
    /// `multiline` says so.
    public static func check(_ value: String, field: String, max: Int, required: Bool = true, multiline: Bool = false) throws(DomainError) {
        // Blank = nothing but spaces (of any script) and tabs; stops at the first other character (Foundation's
        // trimming copied the string on every field of every request).
        if required && value.unicodeScalars.allSatisfy({ CharacterSet.whitespaces.contains($0) }) {
            throw DomainError.invalid(field, "\(field) must not be empty")
        }
        if value.count > max {
            throw DomainError.invalid(field, "\(field) is longer than \(max) characters")
        }
        for scalar in value.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value < 0x7F { continue }  // printable ASCII, the common case
            let allowedBreak = multiline && (scalar == "\n" || scalar == "\r" || scalar == "\t")
            if scalar.properties.generalCategory == .control && !allowedBreak {
                throw DomainError.invalid(field, "\(field) contains a control character (U+\(String(scalar.value, radix: 16, uppercase: true)))")
            }
        }
    }

    public static func check(_ coordinate: Coordinate, field: String) throws(DomainError) {
        guard coordinate.isValid else {
            throw DomainError.invalid(field, "\(field) must be a WGS-84 position with latitude in [-90, 90] and longitude in [-180, 180]")
        }
    }
}

import Foundation
