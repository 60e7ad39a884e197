//! Demo articles about users and the campus: CSV imports, passwords, plugin requests; the
//! agents' internal procedures; one draft.

use domain::kb::{ArticleCategory as C, Visibility as V};

use super::DemoArticle;

pub(super) const ARTICLES: [DemoArticle; 6] = [
    DemoArticle {
        slug: "importar-usuarios-con-csv",
        category: C::Users,
        tags: &["usuarios", "csv", "importar", "alta masiva"],
        visibility: V::Public,
        published: true,
        es: (
            "Dar de alta usuarios en bloque con un archivo CSV",
            "**Administración del sitio → Usuarios → Subir usuarios** crea o actualiza cuentas desde un CSV.\n\n\
Columnas mínimas: `username,firstname,lastname,email`. Opcionales útiles: `password`, `cohort1` (los agrega a una cohorte) y `course1` + `role1` (los matricula en un curso).\n\n\
```\nusername,firstname,lastname,email,cohort1\njperez,Juan,Pérez,jperez@ejemplo.edu,1A-2026\n```\n\n\
- Guarde el archivo en **UTF-8** para no perder tildes ni eñes.\n\
- Revise la **vista previa** antes de confirmar: un error de columna se repite en todas las filas.\n\
- Sin columna `password`, elija *Crear contraseña y enviarla por correo*.",
        ),
        en: Some((
            "Adding users in bulk from a CSV file",
            "**Site administration → Users → Upload users** creates or updates accounts from a CSV.\n\n\
Minimum columns: `username,firstname,lastname,email`. Useful optional ones: `password`, `cohort1` (adds them to a cohort) and `course1` + `role1` (enrols them in a course).\n\n\
- Save the file as **UTF-8** so accents survive.\n\
- Check the **preview** before confirming: a column mistake repeats on every row.\n\
- Without a `password` column, choose *Create password and send it by e-mail*.",
        )),
    },
    DemoArticle {
        slug: "restablecer-la-contrasena-de-un-usuario",
        category: C::Accounts,
        tags: &["contraseña", "acceso", "login"],
        visibility: V::Public,
        published: true,
        es: (
            "Restablecer la contraseña de un usuario",
            "- **El propio usuario**: en la página de acceso, *¿Olvidó su nombre de usuario o contraseña?* le envía un enlace por correo (válido 30 minutos).\n\
- **Un administrador del campus**: **Administración del sitio → Usuarios → Examinar lista de usuarios → Editar** y escriba una *Nueva contraseña*; marque *Forzar cambio de contraseña*.\n\n\
Si el correo de recuperación no llega, verifique la dirección del usuario y la carpeta de spam. Las cuentas que entran con Google o Microsoft cambian la contraseña allí, no en el campus.",
        ),
        en: Some((
            "Resetting a user's password",
            "- **The user themselves**: on the login page, *Forgotten your username or password?* e-mails a link (valid for 30 minutes).\n\
- **A campus administrator**: **Site administration → Users → Browse list of users → Edit** and type a *New password*; tick *Force password change*.\n\n\
If the recovery mail does not arrive, check the user's address and the spam folder. Accounts that sign in with Google or Microsoft change their password there, not on the campus.",
        )),
    },
    DemoArticle {
        slug: "solicitar-la-instalacion-de-un-plugin",
        category: C::Plugins,
        tags: &["plugin", "instalación", "contrato"],
        visibility: V::Public,
        published: true,
        es: (
            "Solicitar la instalación de un plugin",
            "Los plugins se instalan en el servidor, así que los instalamos nosotros: abra un ticket de categoría *administrativa* con:\n\n\
1. El nombre y el enlace del plugin en el directorio oficial de Moodle.\n\
2. Para qué lo necesitan y en qué cursos.\n\
3. Si hace falta para una fecha concreta.\n\n\
**Qué cubre su contrato**: instalar y actualizar plugins es trabajo de *administración del campus*. Está incluido solo si su plan lo contrata (o se descuenta de sus horas de administración); si no, le enviamos un presupuesto antes de empezar. En todos los casos comprobamos que el plugin sea compatible con su versión de Moodle y esté mantenido; uno abandonado o inseguro no se instala.",
        ),
        en: Some((
            "Requesting a plugin installation",
            "Plugins are installed on the server, so we install them: open an *administrative* ticket with:\n\n\
1. The plugin's name and its link in the official Moodle plugins directory.\n\
2. What you need it for, and in which courses.\n\
3. Whether you need it by a given date.\n\n\
**What your contract covers**: installing and updating plugins is *campus administration* work. It is included only if your plan contracts it (or it is taken from your administration hours); otherwise we send a quote before starting. Either way we check that the plugin supports your Moodle version and is maintained; an abandoned or unsafe plugin is not installed.",
        )),
    },
    DemoArticle {
        slug: "interno-restaurar-curso-desde-el-servidor",
        category: C::Courses,
        tags: &["interno", "backup", "cli"],
        visibility: V::Internal,
        published: true,
        es: (
            "Interno: restaurar un curso grande desde el servidor",
            "Para `.mbz` que superan el límite de subida del campus:\n\n\
1. Pida al cliente el archivo por el enlace de carga del ticket (nunca por correo).\n\
2. Cópielo al servidor del campus y ejecute `php admin/cli/restore_backup.php --file=... --categoryid=...` como el usuario del servidor web.\n\
3. Anote en el ticket la duración y el id del curso nuevo; registre el tiempo como *incluido* si el plan cubre restauraciones.\n\n\
No restaure sobre un curso con alumnos activos sin confirmación escrita del cliente.",
        ),
        en: None,
    },
    DemoArticle {
        slug: "interno-evaluar-una-solicitud-de-plugin",
        category: C::Plugins,
        tags: &["interno", "plugin", "alcance"],
        visibility: V::Internal,
        published: true,
        es: (
            "Interno: cómo evaluar una solicitud de plugin",
            "- Mire el plan del cliente: si no incluye administración del campus, marque el ticket *fuera de alcance* y envíe presupuesto.\n\
- Compruebe compatibilidad con la versión de Moodle del campus, fecha de la última versión y avisos de seguridad.\n\
- Instálelo primero en la copia de pruebas; programe la instalación en producción fuera del horario de clases.",
        ),
        en: None,
    },
    DemoArticle {
        slug: "cambiar-el-idioma-del-campus",
        category: C::Other,
        tags: &["idioma", "paquete de idioma"],
        visibility: V::Public,
        published: false,
        es: (
            "Cambiar el idioma del campus (borrador)",
            "Borrador: explicar los paquetes de idioma, el idioma por defecto del sitio y la preferencia de cada usuario.",
        ),
        en: None,
    },
];
