// Placeholder until the training engine lands: builds nothing yet.
export {}
