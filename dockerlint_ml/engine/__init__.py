"""The rule machinery: the Rule base and its Context of facts, the registry and selectors,
the one-pass lint, and the rule pages. Imports only the facts and the model."""
