//! Demo articles about courses: enrolment, backups, creating courses, grades, quizzes, forums
//! and certificates.

use domain::kb::{ArticleCategory as C, Visibility as V};

use super::DemoArticle;

pub(super) const ARTICLES: [DemoArticle; 7] = [
    DemoArticle {
        slug: super::ENROLMENT_SLUG,
        category: C::Enrolment,
        tags: &["matriculación", "alumnos", "cohortes", "enrolment"],
        visibility: V::Public,
        published: true,
        es: (
            "Cómo matricular alumnos en un curso",
            "Para que un alumno vea un curso tiene que estar **matriculado** en él. Moodle ofrece varios métodos de matriculación; estos son los tres que más se usan.\n\n\
## 1. Matricular alumnos manualmente\n\n\
1. Entre al curso y abra **Participantes**.\n\
2. Pulse **Matricular usuarios**.\n\
3. Busque a cada alumno por nombre o correo, elija el rol *Estudiante* y pulse **Matricular usuarios**.\n\n\
Si el botón no aparece, el método *Matriculación manual* está desactivado en el curso: actívelo en **Participantes → Métodos de matriculación** (el ojo tachado).\n\n\
## 2. Matricular por cohortes\n\n\
Una cohorte es un grupo de usuarios del campus (por ejemplo, «1.º A 2026»). Con el método **Sincronización de cohortes** toda la cohorte queda matriculada y quien entre o salga de ella entra o sale del curso solo.\n\n\
1. **Participantes → Métodos de matriculación → Añadir método → Sincronización de cohortes**.\n\
2. Elija la cohorte y el rol, y guarde.\n\n\
## 3. Elegir el método de matriculación\n\n\
- *Manual*: pocos alumnos, altas puntuales.\n\
- *Cohortes*: grupos estables que cursan lo mismo.\n\
- *Auto-matriculación*: el alumno se inscribe solo, con o sin clave.\n\n\
¿Sigue sin poder matricular? Revise que su usuario tenga el rol *Profesor* o *Gestor* en el curso y, si el problema continúa, abra un ticket con el nombre del curso y del alumno.",
        ),
        en: Some((
            "How to enrol students in a course",
            "A student sees a course only once **enrolled** in it. Moodle has several enrolment methods; these are the three used most.\n\n\
## 1. Enrol students manually\n\n\
1. Open the course and go to **Participants**.\n\
2. Click **Enrol users**.\n\
3. Find each student by name or e-mail, choose the *Student* role and click **Enrol users**.\n\n\
If the button is missing, the *Manual enrolments* method is disabled in the course: enable it under **Participants → Enrolment methods** (the crossed-out eye).\n\n\
## 2. Enrol by cohort\n\n\
A cohort is a site-wide group of users (say, \"Year 1 A 2026\"). With **Cohort sync** the whole cohort is enrolled, and whoever joins or leaves the cohort joins or leaves the course.\n\n\
1. **Participants → Enrolment methods → Add method → Cohort sync**.\n\
2. Pick the cohort and the role, and save.\n\n\
## 3. Choosing the enrolment method\n\n\
- *Manual*: a few students, one-off additions.\n\
- *Cohort sync*: stable groups taking the same courses.\n\
- *Self enrolment*: students enrol themselves, with or without a key.\n\n\
Still cannot enrol? Check that your account has the *Teacher* or *Manager* role in the course; if it persists, open a ticket naming the course and the student.",
        )),
    },
    DemoArticle {
        slug: "copia-de-seguridad-y-restauracion-de-un-curso",
        category: C::Courses,
        tags: &["backup", "respaldo", "restaurar", "mbz"],
        visibility: V::Public,
        published: true,
        es: (
            "Copia de seguridad y restauración de un curso",
            "Una copia de seguridad de curso es un archivo `.mbz` con sus actividades, recursos y, si lo elige, los datos de los usuarios.\n\n\
## Hacer la copia\n\n\
1. En el curso: **Más → Reutilización de cursos → Copia de seguridad**.\n\
2. Elija qué incluir. Para reutilizar el curso el año próximo, **desmarque los datos de usuarios**.\n\
3. Pulse **Ejecutar copia de seguridad** y descargue el `.mbz` desde el área de copias del curso.\n\n\
## Restaurar\n\n\
1. **Más → Reutilización de cursos → Restaurar** y suba el `.mbz`.\n\
2. Elija restaurar *en un curso nuevo* o *en este curso* (combinar o borrar primero su contenido).\n\n\
Los archivos de más de 500 MB pueden superar el límite de subida del campus: en ese caso abra un ticket y restauramos la copia desde el servidor. Las copias automáticas nocturnas del campus son nuestras y no reemplazan a las suyas.",
        ),
        en: Some((
            "Backing up and restoring a course",
            "A course backup is an `.mbz` file with its activities, resources and, if you choose, user data.\n\n\
## Making the backup\n\n\
1. In the course: **More → Course reuse → Backup**.\n\
2. Choose what to include. To reuse the course next year, **untick user data**.\n\
3. Click **Perform backup** and download the `.mbz` from the course backup area.\n\n\
## Restoring\n\n\
1. **More → Course reuse → Restore** and upload the `.mbz`.\n\
2. Restore *into a new course* or *into this course* (merging, or deleting its contents first).\n\n\
Files over 500 MB may exceed the campus upload limit: open a ticket and we restore the backup from the server. The campus's nightly automatic backups are ours and do not replace yours.",
        )),
    },
    DemoArticle {
        slug: "crear-un-curso-nuevo",
        category: C::Courses,
        tags: &["curso", "categoría", "formato"],
        visibility: V::Public,
        published: true,
        es: (
            "Crear un curso nuevo",
            "1. **Administración del sitio → Cursos → Gestionar cursos y categorías**.\n\
2. Elija la categoría y pulse **Crear nuevo curso**.\n\
3. Complete el **nombre completo**, el **nombre corto** (único en el campus) y las fechas de inicio y fin.\n\
4. En **Formato de curso** elija *Temas* o *Semanal*.\n\
5. Guarde y muestre: luego matricule a los docentes y alumnos.\n\n\
Para crear muchos cursos a la vez use **Subir cursos** con un CSV; si son más de 50, pídanoslo por ticket y lo revisamos antes.",
        ),
        en: Some((
            "Creating a new course",
            "1. **Site administration → Courses → Manage courses and categories**.\n\
2. Pick the category and click **Create new course**.\n\
3. Fill in the **full name**, the **short name** (unique on the site) and the start and end dates.\n\
4. Under **Course format** choose *Topics* or *Weekly*.\n\
5. Save and display, then enrol teachers and students.\n\n\
To create many courses at once use **Upload courses** with a CSV; for more than 50, send us a ticket and we review it first.",
        )),
    },
    DemoArticle {
        slug: "libro-de-calificaciones",
        category: C::Grades,
        tags: &["calificaciones", "notas", "exportar"],
        visibility: V::Public,
        published: true,
        es: (
            "El libro de calificaciones: configurar y exportar notas",
            "El **libro de calificaciones** reúne las notas de todas las actividades calificables del curso.\n\n\
- **Configuración del libro**: agrupe ítems en categorías y elija cómo se calcula el total (media ponderada, natural…).\n\
- **Escalas y letras**: defina una escala propia o las letras (A, B, C…) que verán los alumnos.\n\
- **Ocultar notas**: un ítem oculto no se muestra a los alumnos hasta la fecha que usted fije.\n\
- **Exportar**: **Calificaciones → Exportar** a hoja de cálculo (Excel u ODS) o texto plano.\n\n\
Si el total no coincide con lo esperado, revise los pesos y si hay ítems *excluidos* o vacíos que cuentan como cero.",
        ),
        en: Some((
            "The gradebook: setting up and exporting grades",
            "The **gradebook** gathers the grades of every graded activity in the course.\n\n\
- **Gradebook setup**: group items into categories and choose how the total is calculated (weighted mean, natural…).\n\
- **Scales and letters**: define your own scale or the letters (A, B, C…) students will see.\n\
- **Hiding grades**: a hidden item is not shown to students until the date you set.\n\
- **Export**: **Grades → Export** to a spreadsheet (Excel or ODS) or plain text.\n\n\
If the total is not what you expect, check the weights and whether empty or *excluded* items count as zero.",
        )),
    },
    DemoArticle {
        slug: "configurar-un-cuestionario",
        category: C::Activities,
        tags: &["cuestionario", "quiz", "intentos", "examen"],
        visibility: V::Public,
        published: true,
        es: (
            "Configurar un cuestionario: tiempo, intentos y revisión",
            "Los ajustes que más consultas generan:\n\n\
- **Temporalización**: *Abrir* y *Cerrar* fijan cuándo se puede empezar; el *Límite de tiempo* cuenta desde que cada alumno empieza.\n\
- **Intentos permitidos** y **Método de calificación** (el más alto, el promedio, el primero o el último).\n\
- **Opciones de revisión**: qué ve el alumno durante, justo después y tras el cierre (respuestas, puntos, retroalimentación).\n\
- **Excepciones**: para dar más tiempo a un alumno use **Excepciones de usuario**, no cambie el cuestionario de todos.\n\n\
Un cuestionario con intentos ya hechos no deja cambiar sus preguntas: duplíquelo para la próxima instancia.",
        ),
        en: Some((
            "Quiz settings: timing, attempts and review",
            "The settings asked about most:\n\n\
- **Timing**: *Open* and *Close* set when an attempt may start; the *Time limit* counts from each student's start.\n\
- **Attempts allowed** and **Grading method** (highest, average, first or last).\n\
- **Review options**: what students see during, right after and after closing (answers, marks, feedback).\n\
- **Overrides**: to give one student more time use **User overrides** rather than changing the quiz for everyone.\n\n\
A quiz with attempts cannot have its questions changed: duplicate it for the next run.",
        )),
    },
    DemoArticle {
        slug: "suscripciones-a-foros",
        category: C::Activities,
        tags: &["foro", "correo", "suscripción"],
        visibility: V::Public,
        published: true,
        es: (
            "Suscripciones a foros: quién recibe los mensajes por correo",
            "Cada foro tiene un **modo de suscripción**:\n\n\
- *Opcional*: cada participante elige.\n\
- *Forzosa*: todos reciben y nadie puede darse de baja (el foro de Avisos suele estarlo).\n\
- *Automática*: todos empiezan suscritos y pueden darse de baja.\n\
- *Deshabilitada*: nadie recibe correo.\n\n\
Los correos salen unos 30 minutos después de publicar (el tiempo para editar). Si nadie los recibe, revise el modo del foro y la preferencia de resumen de cada usuario; si aun así no llegan, abra un ticket: revisamos la cola de correo del campus.",
        ),
        en: Some((
            "Forum subscriptions: who gets posts by e-mail",
            "Each forum has a **subscription mode**:\n\n\
- *Optional*: each participant chooses.\n\
- *Forced*: everyone gets posts and nobody can unsubscribe (the Announcements forum usually is).\n\
- *Auto*: everyone starts subscribed and may unsubscribe.\n\
- *Disabled*: nobody gets e-mail.\n\n\
Mails go out about 30 minutes after posting (the editing time). If nobody gets them, check the forum's mode and each user's digest preference; if they still do not arrive, open a ticket and we check the campus mail queue.",
        )),
    },
    DemoArticle {
        slug: "certificados-al-completar-un-curso",
        category: C::Activities,
        tags: &["certificado", "finalización"],
        visibility: V::Public,
        published: true,
        es: (
            "Emitir certificados al completar un curso",
            "1. Active la **finalización del curso** (**Configuración → Finalización**) y defina qué actividades la marcan.\n\
2. Agregue la actividad **Certificado** y suba su plantilla (PDF con nombre, fecha y código de verificación).\n\
3. En **Restricciones de acceso** exija *Finalización del curso*: el alumno lo descarga apenas cumple.\n\n\
El plugin de certificados debe estar instalado en su campus; si no lo está, vea el artículo sobre cómo solicitar un plugin.",
        ),
        en: Some((
            "Issuing certificates when a course is completed",
            "1. Enable **course completion** (**Settings → Completion**) and choose which activities mark it.\n\
2. Add the **Certificate** activity and upload its template (a PDF with name, date and verification code).\n\
3. Under **Restrict access** require *Course completion*: students download it as soon as they qualify.\n\n\
The certificate plugin must be installed on your campus; if it is not, see the article on requesting a plugin.",
        )),
    },
];
