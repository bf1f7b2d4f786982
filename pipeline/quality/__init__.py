"""Quality: scores against labelled data (`evaluate`, `evaluate_html`, `report`), the corpus split (`corpus`,
`corpus_eval`, `extractors`, `rule_report`), and training of the line model (`train`). May import every other
package; none imports it."""
