//! `outcry keys generate`: the organization's key pair. The secret half goes to a new file
//! (mode 0600, never overwritten) for the organizer to keep off the server; the public half
//! is printed, for `outcry serve --seal-to`.

use anyhow::Context;

use crate::cli::KeysCommand;

pub fn run(command: KeysCommand) -> anyhow::Result<()> {
    match command {
        KeysCommand::Generate(args) => {
            let identity = outcry_seal::Identity::generate();
            identity
                .write_new(&args.out)
                .context("writing the identity file")?;
            println!("{}", identity.recipient());
            eprintln!(
                "outcry: secret key written to {}: keep it off the server, and keep a copy; \
                 give the server the public key above with --seal-to (or OUTCRY_SEAL_TO)",
                args.out.display()
            );
            Ok(())
        }
    }
}
