# Account e-mails (service::account_mail): the invitation and the password reset.
# Variables: $name, $email, $link (single use), $days (invitation), $hours (reset).
account-invite-subject = Choose your Atiende password
account-invite-body =
    Hello {$name},

    We created a user for you in Atiende, our help desk, with the address {$email}.
    To get started, choose your password at this link (it works once, for {$days} days):

    {$link}

    If the link has expired, ask your administrator for another one or use "Forgot your password?" on the sign-in page.
account-reset-subject = Reset your Atiende password
account-reset-body =
    Hello {$name},

    Someone (most likely you) asked to reset the password of {$email}.
    To choose a new one, open this link (it works once, for {$hours} hour):

    {$link}

    If you did not ask for this, ignore this e-mail: your password stays the same.
    Choosing a new one ends all your sessions and revokes your API tokens.
account-mail-footer =
    --
    Atiende help desk. This e-mail is only sent when your user is created or a password reset is requested.
