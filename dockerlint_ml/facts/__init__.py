"""What rules ask about a parsed Dockerfile (shell commands, packages, installers, images,
servers, copies, the start command), computed from the model and never from raw text.
Imports only `dockerlint_ml.dockerfile`."""
