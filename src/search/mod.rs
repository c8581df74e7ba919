//! Search: the prebuilt, sharded client-side index (Chinese segmented with jieba-rs, English stemmed).
