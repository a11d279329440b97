"""What editors need beside their content: a version on every row they change and the admin
forms that merge or refuse with it (versioning, concurrency_admin), and history with values
(history). Used by every content app; imports none of them."""
