//! The Markdown bodies of the content: rendered to safe HTML with their links resolved
//! (`markdown`), and checked for what a screen reader user would miss (`a11y`).

pub mod a11y;
pub mod markdown;
