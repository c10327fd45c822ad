"""Fine-tuning the sentence-embedding model on labelled (job, resume) pairs."""
