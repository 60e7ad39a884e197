//! Words too common to narrow a search (Spanish and English, folded): "no puedo matricular
//! alumnos" looks for "puedo", "matricular" and "alumnos". A query made only of them keeps them.

/// Sorted, so a lookup is a binary search.
const STOPWORDS: [&str; 151] = [
    "a", "al", "algo", "algunas", "algunos", "an", "and", "ante", "antes", "are", "as", "at", "be",
    "been", "but", "by", "can", "como", "con", "contra", "cual", "cuando", "de", "del", "desde",
    "did", "do", "does", "donde", "durante", "e", "el", "ella", "ellas", "ellos", "en", "entre",
    "era", "eran", "es", "esa", "esas", "ese", "eso", "esos", "esta", "estaba", "estan", "estas",
    "este", "esto", "estos", "for", "from", "fue", "fueron", "ha", "had", "has", "have", "hay",
    "how", "i", "if", "in", "into", "is", "it", "its", "la", "las", "le", "les", "lo", "los",
    "mas", "me", "mi", "mis", "mucho", "muy", "my", "nada", "ni", "no", "nos", "nosotros", "not",
    "o", "of", "on", "or", "os", "otra", "otro", "our", "para", "pero", "poco", "por", "porque",
    "que", "quien", "se", "sea", "ser", "si", "sin", "so", "sobre", "su", "sus", "tambien", "te",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "tiene",
    "tienen", "to", "todo", "todos", "tu", "tus", "un", "una", "uno", "unos", "was", "we", "were",
    "what", "when", "where", "which", "who", "why", "will", "with", "y", "ya", "yo", "you", "your",
];

pub(super) fn is_stopword(folded: &str) -> bool {
    STOPWORDS.binary_search(&folded).is_ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_list_is_sorted_and_folded() {
        assert!(super::STOPWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(super::STOPWORDS.iter().all(|w| w.is_ascii()));
        assert!(super::is_stopword("de") && !super::is_stopword("matricular"));
    }
}
