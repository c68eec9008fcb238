import PinganGeo

/// A map rectangle in WGS-84 degrees: the incident list's area filter. The same rectangle the
/// map layers and the place index use.
public typealias BoundingBox = GeoBounds
