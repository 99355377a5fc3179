import Foundation
import Kubernetes

/// Parses JSON text into a value (test vectors are written as JSON).
func json(_ text: String) throws -> JSONValue {
    try JSONValue.parse(Data(text.utf8))
}
