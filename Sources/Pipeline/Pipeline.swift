// Pipeline stages.
