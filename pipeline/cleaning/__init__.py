"""One document's text to an article: the engine (`engine`), its rules (`rules`), the line features and learned
model (`features`, `model`), decoding bytes to text (`decode`), HTML pages through trafilatura (`html`) and the
page's quality signals (`signals`). May import `core` and `io`; knows nothing of datasets."""
