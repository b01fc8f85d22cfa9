/// The `search` parameter of list methods: 1 to 100 characters after trimming.
public enum SearchText {
    public static let maxLength = 100

    public static func validate(_ text: String, field: String = "search") throws(ValidationError) -> String {
        try TextField.clean(text, field: field, maxLength: maxLength)
    }
}
