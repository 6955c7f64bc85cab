use pos_labels::{LabelBits, label_hash};

use crate::cli::HashArgs;
use crate::failure::Failure;

pub fn run(args: HashArgs) -> Result<(), Failure> {
    let params = super::label_params(&args.identity, LabelBits::new(256).expect("256 is valid"));
    println!("{}", hex::encode(label_hash(&params, args.index)));
    Ok(())
}
