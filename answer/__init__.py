"""The answer layer: question in, cited `Answer` out. Talks to `index/` only through its query API."""
