/// The generator's knobs. Defaults were measured on the real JSONL corpora (ksummit + delving,
/// 8,513 posts) with `calibrate.py`; README.md lists the measurements beside them.
struct Parameters {
    var posts = 100_000
    var seed: UInt64 = 1
    /// Posts per thread: exp(N(mu, sigma)), rounded, at least 1 (measured mu 1.39, sigma 1.26).
    var threadSizeMu = 1.39
    var threadSizeSigma = 1.26
    var maxThreadSize = 2_000
    /// A non-root post names a parent (measured: 69.6% of all posts, 90% of posts are replies).
    var replyHasParent = 0.77
    /// A parent is the post just before in the thread (measured 49.7%), else any earlier one.
    var parentIsPrevious = 0.497
    /// Own text bytes: exp(N(mu, sigma)) (measured mu 6.555, sigma 1.156: median 700 B).
    var ownBytesMu = 6.555
    var ownBytesSigma = 1.156
    var maxOwnBytes = 100_000
    /// Mail style (wrapped at 72 columns) versus forum style (one line per paragraph).
    var mailStyle = 0.45
    /// Quoting: of posts with a parent (quoting the parent), of replies without one (quoting
    /// any earlier post). Measured: 65% of all posts quote.
    var quoteWhenParent = 0.85
    var quoteWithoutParent = 0.25
    /// Quote blocks per quoting post: geometric, measured mean 1.9.
    var quoteBlocksMean = 1.9
    /// Bytes per quote block: exp(N(mu, sigma)) (measured mu 5.676, sigma 1.138: median 276 B).
    var quoteBytesMu = 5.676
    var quoteBytesSigma = 1.138
    /// "On DATE, AUTHOR wrote:" before the first block (measured on 49.7% of quoting posts).
    var attribution = 0.497
    /// Vocabulary: size and Zipf-Mandelbrot exponent s and shift q. Measured: s = 1.33 on ranks
    /// 10..10,000 of the real text; the top word is 4.6% of words and the top 10 are 19.3%;
    /// q = 8 gives 3.7% and 23%.
    var vocabularySize = 200_000
    var zipfExponent = 1.33
    var zipfShift = 8.0
    /// Authors: one per 15 posts, at least 50, Zipf (s = 1) by activity.
    var postsPerAuthor = 15
    /// Replies arrive hours apart: exponential gaps, mean in seconds.
    var replyGapMean = 4.0 * 3600
}
