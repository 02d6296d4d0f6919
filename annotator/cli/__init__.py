"""The command line: `annotator <verb>`; with no verb it opens the window."""
