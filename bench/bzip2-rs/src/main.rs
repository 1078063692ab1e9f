//! Decodes a bz2 file of one or more streams from standard input to standard output.
use std::io::{self, BufReader, Write};

fn main() -> io::Result<()> {
    let input = BufReader::with_capacity(1 << 20, io::stdin().lock());
    let mut decoder = bzip2::read::MultiBzDecoder::new(input);
    let mut output = io::stdout().lock();
    io::copy(&mut decoder, &mut output)?;
    output.flush()
}
