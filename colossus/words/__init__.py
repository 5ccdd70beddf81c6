"""Layer 3, words: the numbers as a reader reads them (formatting, glue, sourced values) and
each chapter's computed wording. Imports the model and the inputs."""
